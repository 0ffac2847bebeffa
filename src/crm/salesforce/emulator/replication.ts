// sObject Get Updated / Get Deleted (data replication). As documented: the seconds of start and end are
// ignored (both are taken down to the minute), the window may reach back at most 30 days before the day of
// the call (INVALID_REPLICATION_DATE otherwise), changes are by SystemModstamp, and deleted records leave
// getUpdated for getDeleted. The window is [start, end) and never reaches past the current minute, so
// `latestDateCovered` is safe to use as the next start: no change is missed and none is reported twice.
import type { SalesforceContext } from './context.js';
import { requiredParam, type ApiRequest } from './rest-router.js';
import type { ObjectDef } from './schema-types.js';
import { badRequest, SfErrorCode } from './sf-errors.js';
import { dayMs, floorToMinute, formatDateTime, parseDateTime, startOfUtcDay } from './sf-time.js';

interface Window {
  readonly startMs: number;
  readonly coveredMs: number;
}

function instant(request: ApiRequest, name: string): number {
  // A '+' in an unencoded query string arrives as a space: read `…T10:00:00 00:00` as `+00:00`.
  const text = requiredParam(request, name).replace(/ (\d{2}:?\d{2})$/, '+$1');
  const ms = parseDateTime(text);
  if (ms === undefined) {
    throw badRequest(SfErrorCode.invalidReplicationDate, `${name}: '${text}' is not a valid date-time`);
  }
  return ms;
}

export function replicationWindow(ctx: SalesforceContext, request: ApiRequest): Window {
  const startMs = floorToMinute(instant(request, 'start'));
  const endMs = floorToMinute(instant(request, 'end'));
  const nowMs = ctx.clock.now().getTime();
  if (endMs < startMs) {
    throw badRequest(SfErrorCode.invalidReplicationDate, 'startDate must chronologically precede endDate');
  }
  if (startMs < startOfUtcDay(nowMs) - 30 * dayMs) {
    throw badRequest(SfErrorCode.invalidReplicationDate, 'startDate cannot be more than 30 days ago');
  }
  return { startMs, coveredMs: Math.min(endMs, floorToMinute(nowMs)) };
}

export function updatedIds(ctx: SalesforceContext, object: ObjectDef, request: ApiRequest) {
  const { startMs, coveredMs } = replicationWindow(ctx, request);
  const ids = ctx.store
    .list(object.name)
    .filter((r) => r['IsDeleted'] !== true)
    .filter((r) => Number(r['SystemModstamp']) >= startMs && Number(r['SystemModstamp']) < coveredMs)
    .map((r) => String(r['Id']));
  return { ids, latestDateCovered: formatDateTime(coveredMs) };
}

export function deletedRecords(ctx: SalesforceContext, object: ObjectDef, request: ApiRequest) {
  const { startMs, coveredMs } = replicationWindow(ctx, request);
  const deleted = ctx.store
    .list(object.name)
    .filter((r) => r['IsDeleted'] === true)
    .filter((r) => Number(r['SystemModstamp']) >= startMs && Number(r['SystemModstamp']) < coveredMs)
    .map((r) => ({ id: String(r['Id']), deletedDate: formatDateTime(Number(r['SystemModstamp'])) }));
  return {
    deletedRecords: deleted,
    earliestDateAvailable: formatDateTime(floorToMinute(ctx.settings.earliestDeletedMs)),
    latestDateCovered: formatDateTime(coveredMs),
  };
}
