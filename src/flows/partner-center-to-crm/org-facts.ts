// CRM set-up data the flows read for every record (P4): enabled currencies, the e-mail -> user map, and the
// CRM user we act as (to recognise our own edits coming back).
// Kept for a while per process, so a new referral costs only its own calls (lookup + write) once warm.
import type { CrmAdapter, CrmUser } from '../../crm/adapter.js';

export class CrmOrgFacts {
  readonly #crm: CrmAdapter;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #currencies: { at: number; value: readonly string[] } | undefined;
  readonly #users = new Map<string, { at: number; user: CrmUser | undefined }>();
  #own: { at: number; value: string } | undefined;

  constructor(crm: CrmAdapter, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#crm = crm;
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  async enabledCurrencies(): Promise<readonly string[]> {
    const now = this.#now();
    if (this.#currencies === undefined || now - this.#currencies.at > this.#ttlMs) {
      this.#currencies = { at: now, value: await this.#crm.enabledCurrencies() };
    }
    return this.#currencies.value;
  }

  /** The CRM user id the connection acts as, lower-cased (ids compare without case in both CRMs). */
  async ownUserId(): Promise<string> {
    const now = this.#now();
    if (this.#own === undefined || now - this.#own.at > this.#ttlMs) {
      this.#own = { at: now, value: (await this.#crm.whoAmI()).userId.toLowerCase() };
    }
    return this.#own.value;
  }

  /** The first e-mail that maps to an active CRM user; unknown e-mails are asked for in one call. */
  async ownerFor(emails: readonly string[]): Promise<CrmUser | undefined> {
    const now = this.#now();
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];
    const missing = wanted.filter((e) => {
      const hit = this.#users.get(e);
      return hit === undefined || now - hit.at > this.#ttlMs;
    });
    if (missing.length > 0) {
      const found = await this.#crm.findUsersByEmail(missing);
      for (const e of missing) this.#users.set(e, { at: now, user: found.get(e) });
    }
    for (const e of wanted) {
      const user = this.#users.get(e)?.user;
      if (user !== undefined) return user;
    }
    return undefined;
  }
}
