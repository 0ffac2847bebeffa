// One read of the CRM's co-sell opportunities shared by every data check: the change feed from the start
// of time, a page at a time (each page a bounded number of calls: Salesforce one composite for the stamps and
// one for the records; Dataverse one $batch plus a solutions query per 50), then their accounts and, for
// the opportunities asking Microsoft's help, their contacts, in chunked queries. Never one call per record.
import type { CrmAccount, CrmContact, CrmOpportunity } from '../crm/adapter.js';
import type { PcReferral } from '../partner-center/wire.js';
import type { DoctorContext } from './types.js';

export interface OpportunityScan {
  /** Opportunities with "Sync with Partner Center" on, as read. */
  readonly opportunities: readonly CrmOpportunity[];
  readonly accounts: ReadonlyMap<string, CrmAccount>;
  readonly contacts: ReadonlyMap<string, CrmContact[]>;
  /** Change-feed pages read. */
  readonly pages: number;
  /** True when scanLimit stopped the read before the end. */
  readonly truncated: boolean;
}

export function scanOpportunities(ctx: DoctorContext): Promise<OpportunityScan> {
  return ctx.once('scan.opportunities', async () => {
    const crm = await ctx.crm();
    const { scanLimit, pageSize } = ctx.options;
    const byId = new Map<string, CrmOpportunity>();
    let cursor = crm.cursorSince(new Date(0));
    let pages = 0;
    let read = 0;
    let truncated = false;
    for (;;) {
      const page = await crm.changedOpportunities(cursor, pageSize);
      pages++;
      read += page.opportunities.length;
      for (const o of page.opportunities) if (o.syncWithPartnerCenter) byId.set(o.id, o);
      cursor = page.cursor;
      if (!page.more || page.opportunities.length === 0) break;
      if (read >= scanLimit) {
        truncated = true;
        break;
      }
    }
    const opportunities = [...byId.values()];
    const accountIds = [
      ...new Set(opportunities.flatMap((o) => (o.accountId === undefined ? [] : [o.accountId]))),
    ];
    const accounts = new Map((await crm.getAccounts(accountIds)).map((a) => [a.id, a]));
    const helped = opportunities.filter((o) => o.helpRequested !== undefined).map((o) => o.id);
    const contacts = helped.length === 0 ? new Map() : await crm.getContactsOfOpportunities(helped);
    return { opportunities, accounts, contacts, pages, truncated };
  });
}

/** The account of an opportunity, whichever form of its id the CRM answered with (Salesforce 15/18). */
export function accountOf(scan: OpportunityScan, o: CrmOpportunity): CrmAccount | undefined {
  if (o.accountId === undefined) return undefined;
  return (
    scan.accounts.get(o.accountId) ??
    [...scan.accounts.values()].find((a) => a.id.slice(0, 15) === o.accountId?.slice(0, 15))
  );
}

/** Partner Center's referrals, page by page (one call each), up to scanLimit: shared by the R8 and P4 checks. */
export function scanReferrals(
  ctx: DoctorContext,
): Promise<{ referrals: readonly PcReferral[]; truncated: boolean }> {
  return ctx.once('scan.referrals', async () => {
    const client = await ctx.partnerCenter();
    const referrals: PcReferral[] = [];
    let truncated = false;
    for await (const page of client.listAll({ top: Math.min(ctx.options.pageSize, 100) })) {
      referrals.push(...page);
      if (referrals.length >= ctx.options.scanLimit) {
        truncated = true;
        break;
      }
    }
    return { referrals, truncated };
  });
}
