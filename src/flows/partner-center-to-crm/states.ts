// Both sides as SyncState, and how a link's snapshot columns are read back.
import type { CrmOpportunity, CrmOpportunityFields } from '../../crm/adapter.js';
import { coarseStatusOfStage, type StagePolicy } from '../../domain/sync/status-mapping.js';
import { stripNameMarker } from '../../domain/sync/name-marker.js';
import { canonicalState, CoarseStatus, type SyncState } from '../../domain/sync/sync-state.js';

const coarseStatuses: readonly string[] = Object.values(CoarseStatus);

export function syncStateOfOpportunity(opportunity: CrmOpportunity, policy: StagePolicy): SyncState {
  return canonicalState({
    name: stripNameMarker(opportunity.name),
    dealValue: opportunity.amount,
    currency: opportunity.currency,
    closeDate: opportunity.closeDate,
    notes: opportunity.description,
    status: coarseStatusOfStage(opportunity.stage, policy),
    solutions: opportunity.solutionIds,
  });
}

/** What we wrote when creating: the opportunity's fields with the status its stage stands for. */
export function syncStateOfWrite(
  fields: Pick<CrmOpportunityFields, 'name' | 'amount' | 'currency' | 'closeDate' | 'description'>,
  status: CoarseStatus | undefined,
  solutionIds: readonly string[] = [],
): SyncState {
  return canonicalState({
    name: stripNameMarker(fields.name),
    dealValue: fields.amount,
    currency: fields.currency,
    closeDate: fields.closeDate,
    notes: fields.description,
    status,
    solutions: solutionIds,
  });
}

/** A snapshot column as a SyncState; anything unexpected is read as no value. */
export function snapshotState(value: Readonly<Record<string, unknown>> | null): SyncState {
  if (value === null) return {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const status = str(value['status']);
  return canonicalState({
    name: str(value['name']),
    dealValue: typeof value['dealValue'] === 'number' ? value['dealValue'] : undefined,
    currency: str(value['currency']),
    closeDate: str(value['closeDate']),
    notes: str(value['notes']),
    status: status !== undefined && coarseStatuses.includes(status) ? (status as CoarseStatus) : undefined,
    solutions: str(value['solutions']),
  });
}

/** A SyncState as a jsonb value (absent fields left out). */
export function snapshotOf(state: SyncState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}

/** SyncState fields as the CRM's opportunity fields (status is written as a stage, separately). */
export function crmFieldsOf(
  state: Partial<SyncState>,
): Partial<Pick<CrmOpportunityFields, 'name' | 'amount' | 'currency' | 'closeDate' | 'description'>> {
  const out: Partial<Record<'name' | 'amount' | 'currency' | 'closeDate' | 'description', unknown>> = {};
  if ('name' in state) out.name = state.name;
  if ('dealValue' in state) out.amount = state.dealValue;
  if ('currency' in state) out.currency = state.currency;
  if ('closeDate' in state) out.closeDate = state.closeDate;
  if ('notes' in state) out.description = state.notes;
  return out as Partial<
    Pick<CrmOpportunityFields, 'name' | 'amount' | 'currency' | 'closeDate' | 'description'>
  >;
}
