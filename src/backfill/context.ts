// What the parts of a backfill share while applying one plan.
import type { CrmAdapter } from '../crm/adapter.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import type { Db } from '../store/db.js';

export interface ApplyContext {
  readonly db: Db;
  readonly partnerCenter: PartnerCenterClient;
  readonly crm: CrmAdapter;
  readonly planId: string;
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
  /** Partner Center write-backs in flight at once (it has no batch API). */
  readonly writeBackConcurrency: number;
}
