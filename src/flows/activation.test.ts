import { describe, expect, it } from 'vitest';
import { isCosellError } from '../errors.js';
import { t } from '../i18n/index.js';
import { useTestDb } from '../../test/support/db.js';
import { disableFlow, enableFlow, listFlows } from './activation.js';
import { FlowName, flowDefinitions } from './registry.js';

const testDb = useTestDb();

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isCosellError(error) ? error.code : 'not coded';
  }
}

describe('switching flows (C3)', () => {
  it('C3: enabling a flow enables what it needs first, in one step, and says which', async () => {
    const enabled = await enableFlow(testDb.db, FlowName.partnerCenterToCrm);
    expect(enabled.at(-1)).toBe(FlowName.partnerCenterToCrm);
    expect(enabled).toContain(FlowName.partnerCenterToCrmHelper);
    const on = (await listFlows(testDb.db)).filter((f) => f.enabled).map((f) => f.name);
    expect(on.sort()).toEqual([...enabled].sort());
    expect(await enableFlow(testDb.db, FlowName.partnerCenterToCrm)).toEqual([]);
  });

  it('C3: disabling a flow that enabled flows need is refused, naming them; nothing changes', async () => {
    await enableFlow(testDb.db, FlowName.partnerCenterToCrm);
    const before = await listFlows(testDb.db);
    expect(await codeOf(disableFlow(testDb.db, FlowName.partnerCenterToCrmHelper))).toBe('FLOW_NEEDED');
    expect(await listFlows(testDb.db)).toEqual(before);
  });

  it('C3: with cascade, the flows that need it are disabled too, and nothing is left needing a disabled flow', async () => {
    await enableFlow(testDb.db, FlowName.partnerCenterToCrm);
    const disabled = await disableFlow(testDb.db, FlowName.partnerCenterToCrmHelper, { cascade: true });
    expect(disabled.sort()).toEqual(
      [
        FlowName.microsoftReferralUpdatesToCrm,
        FlowName.partnerCenterToCrm,
        FlowName.partnerCenterToCrmHelper,
      ].sort(),
    );
    const state = await listFlows(testDb.db);
    const on = new Set(state.filter((f) => f.enabled).map((f) => f.name));
    for (const flow of state.filter((f) => f.enabled))
      for (const need of flow.needs) expect(on.has(need)).toBe(true);
  });

  it('an unknown flow name is a coded error', async () => {
    expect(await codeOf(enableFlow(testDb.db, 'no-such-flow'))).toBe('NOT_FOUND');
  });

  it('every flow has its old-solution title in English, Dutch and Chinese', () => {
    for (const flow of flowDefinitions) {
      const titles = (['en', 'nl-NL', 'zh-CN'] as const).map((l) =>
        t(l, `flows.${flow.name}`, { crm: 'Salesforce' }),
      );
      for (const title of titles) expect(title).not.toContain('flows.');
      expect(new Set(titles).size).toBeGreaterThan(1);
    }
  });
});
