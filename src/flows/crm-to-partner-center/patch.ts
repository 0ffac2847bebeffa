// Synced fields as the JSON Patch Partner Center accepts (only `replace` and `add`; docs/remote-apis.md).
import { solutionIdsOfState, type SyncState } from '../../domain/sync/sync-state.js';
import { referralStateFor } from '../../domain/sync/status-mapping.js';
import type { PcPatchOperation } from '../../partner-center/client.js';

export function patchOperations(changes: Partial<SyncState>): PcPatchOperation[] {
  const ops: PcPatchOperation[] = [];
  const replace = (path: string, value: unknown) => ops.push({ op: 'replace', path, value: value ?? null });
  if ('name' in changes) replace('/name', changes.name);
  if ('dealValue' in changes) replace('/details/dealValue', changes.dealValue);
  if ('currency' in changes) replace('/details/currency', changes.currency);
  if ('closeDate' in changes) {
    replace(
      '/details/closingDateTime',
      changes.closeDate === undefined ? null : `${changes.closeDate}T00:00:00Z`,
    );
  }
  if ('notes' in changes) replace('/details/notes', changes.notes);
  if ('solutions' in changes) {
    replace(
      '/details/requirements/solutions',
      solutionIdsOfState(changes.solutions).map((id) => ({ id, type: 'Name' })),
    );
  }
  if (changes.status !== undefined) {
    const state = referralStateFor(changes.status);
    if (state !== undefined) {
      replace('/status', state.status);
      replace('/substatus', state.substatus);
    }
  }
  return ops;
}
