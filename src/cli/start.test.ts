import { describe, expect, it } from 'vitest';
import { isCosellError } from '../errors.js';
import { parseRoles } from './start.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isCosellError(error) ? error.code : 'not coded';
  }
  return undefined;
}

describe('cosell start --role', () => {
  it('takes a comma-separated list of roles, all by default', () => {
    expect(parseRoles('all', false)).toEqual(['receiver', 'worker', 'reconciler', 'console']);
    expect(parseRoles(' Receiver , reconciler,receiver', true)).toEqual(['receiver', 'reconciler']);
    expect(parseRoles('worker', true)).toEqual(['worker']);
    expect(parseRoles('console,receiver', true)).toEqual(['console', 'receiver']);
  });

  it('refuses an unknown role with ROLE_UNKNOWN, and a partial role on the embedded store with ROLE_NEEDS_POSTGRES', () => {
    expect(codeOf(() => parseRoles('workers', true))).toBe('ROLE_UNKNOWN');
    expect(codeOf(() => parseRoles('receiver', false))).toBe('ROLE_NEEDS_POSTGRES');
    expect(codeOf(() => parseRoles('receiver,worker,reconciler,console', false))).toBeUndefined();
  });
});
