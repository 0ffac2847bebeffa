// CRM set-up data the flow reads for every referral (P4): enabled currencies and the e-mail -> user map.
// Kept for a while per process, so a new referral costs only its own calls (lookup + write) once warm.
import type { CrmAdapter, CrmUser } from '../../crm/adapter.js';

export class CrmOrgFacts {
  readonly #crm: CrmAdapter;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #currencies: { at: number; value: readonly string[] } | undefined;
  readonly #users = new Map<string, { at: number; user: CrmUser | undefined }>();

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
