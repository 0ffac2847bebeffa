// Functions and actions: `WhoAmI` (GET), and `WinOpportunity` / `LoseOpportunity` (POST, unbound, as in the
// Web API reference): `{"OpportunityClose": {"subject": …, "opportunityid@odata.bind": "/opportunities(<id>)",
// "actualrevenue"?, "actualend"?}, "Status": 3}`. Win sets statecode 1 (Won) with statuscode Status (3, or -1 for
// the default); Lose sets statecode 2 (Lost) with 4 Canceled or 5 Out-Sold (-1: 4). Both stamp actualclosedate
// (actualend, else today) and, for a win, actualvalue (actualrevenue, else estimatedvalue); they need Write on
// opportunity and answer 204. Closing a closed opportunity is refused (reopen it by setting statecode 0).
// The opportunityclose activity itself is not kept. Also the roles of a user,
// `systemusers(<id>)/systemuserroles_association`, for a connector's role check.
import { apiRoot, table, type DataverseContext } from './context.js';
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { idOf, parseKey, splitKeySegment, requireRow } from './keys.js';
import { renderRow } from './render.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';
import { Privilege, type UserAccount } from './security.js';
import { OpportunityState } from './tables.js';
import type { Writes } from './writes.js';

const invalid = (message: string) => new DvHttpError(400, DvErrorCode.invalidArgument, message);

export function whoAmI(ctx: DataverseContext, user: UserAccount): ApiAnswer {
  return {
    status: 200,
    body: {
      '@odata.context': `${apiRoot(ctx)}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: ctx.settings.businessUnitId,
      UserId: user.id,
      OrganizationId: ctx.settings.organizationId,
    },
  };
}

export function closeOpportunity(
  ctx: DataverseContext,
  writes: Writes,
  won: boolean,
  request: ApiRequest,
): ApiAnswer {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw payloadError('The action needs a JSON body.');
  const { OpportunityClose: close, Status: status } = body as Record<string, unknown>;
  if (close === null || typeof close !== 'object' || Array.isArray(close)) {
    throw payloadError("The parameter 'OpportunityClose' is required.");
  }
  if (typeof status !== 'number' || !Number.isInteger(status))
    throw payloadError("The parameter 'Status' is required and must be a whole number.");
  const allowed = won ? [3] : [4, 5];
  const statuscode = status === -1 ? (allowed[0] as number) : status;
  if (!allowed.includes(statuscode)) {
    throw invalid(
      `${status} is not a valid status code for state code OpportunityState.${won ? 'Won' : 'Lost'} on opportunity.`,
    );
  }
  const fields = close as Record<string, unknown>;
  const bind = fields['opportunityid@odata.bind'];
  const opportunities = table(ctx, 'opportunity');
  const split =
    typeof bind === 'string'
      ? splitKeySegment(bind.replace(/^.*\/api\/data\/v\d+\.\d+\//, '').replace(/^\//, ''))
      : undefined;
  if (!split || split.set !== opportunities.setName) {
    throw payloadError("OpportunityClose needs 'opportunityid@odata.bind': '/opportunities(<id>)'.");
  }
  const row = requireRow(ctx.store, opportunities, parseKey(opportunities, split.keyText));
  if (row['statecode'] !== OpportunityState.open) {
    throw invalid('The opportunity is already closed. Reopen it (statecode 0) before closing it again.');
  }
  const actualEnd =
    typeof fields['actualend'] === 'string'
      ? fields['actualend'].slice(0, 10)
      : ctx.clock.now().toISOString().slice(0, 10);
  const revenue =
    typeof fields['actualrevenue'] === 'number' ? fields['actualrevenue'] : row['estimatedvalue'];
  writes.update(
    opportunities,
    row,
    {
      statecode: won ? OpportunityState.won : OpportunityState.lost,
      statuscode,
      actualclosedate: actualEnd,
      ...(won ? { actualvalue: revenue ?? null } : {}),
    },
    request.user,
    { allowClose: true },
  );
  return { status: 204 };
}

export function userRoles(ctx: DataverseContext, userKey: string, request: ApiRequest): ApiAnswer {
  ctx.directory.require(request.user, Privilege.read, 'role');
  const users = table(ctx, 'systemuser');
  const userRow = requireRow(ctx.store, users, parseKey(users, userKey));
  const user = ctx.directory.byId(idOf(users, userRow));
  const roles = table(ctx, 'role');
  const value = (user?.roles ?? []).flatMap((name) => {
    const row = ctx.store.get('role', ctx.directory.roleIds.get(name) ?? '');
    return row ? [renderRow(ctx, roles, row, undefined)] : [];
  });
  return { status: 200, body: { '@odata.context': `${apiRoot(ctx)}/$metadata#roles`, value } };
}
