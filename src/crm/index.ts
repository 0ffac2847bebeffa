// The CRMs this product can sync with, as a map from system to factory: a new CRM is a new folder plus one
// line here (design, "Layout"); nothing is ever loaded by name. Dynamics 365 joins later.
import type { Config } from '../config.js';
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import type { CrmSystem } from '../store/schema.js';
import type { CrmAdapter } from './adapter.js';
import { openSalesforce, type SalesforceSettings } from './salesforce/index.js';

export type * from './adapter.js';

/** What opening a CRM needs; each CRM reads its own settings slice and fills the rest from its defaults. */
export interface CrmOpenDeps {
  readonly config: Pick<Config, 'profile' | 'store' | 'salesforce'>;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: (() => Date) | undefined;
  readonly salesforce?: Partial<SalesforceSettings> | undefined;
}

/** Opens the adapter for the stored connection of that CRM (AUTH_NOT_CONNECTED when there is none). */
export type CrmFactory = (deps: CrmOpenDeps) => Promise<CrmAdapter>;

export const crmAdapters: Readonly<Partial<Record<CrmSystem, CrmFactory>>> = {
  salesforce: (deps) => {
    const { loginUrl, clientId, clientSecret, dailyCap } = deps.config.salesforce;
    const fromConfig: Partial<SalesforceSettings> = {
      loginUrl,
      clientId,
      clientSecret,
      ...(dailyCap === undefined ? {} : { dailyCap }),
    };
    return openSalesforce({ ...deps, settings: { ...fromConfig, ...deps.salesforce } });
  },
};

export function openCrm(system: CrmSystem, deps: CrmOpenDeps): Promise<CrmAdapter> {
  const factory = crmAdapters[system];
  if (factory === undefined) {
    return Promise.reject(
      new CosellError('CONFIG_INVALID', { problems: `COSELL_CRM=${system} is not available yet` }),
    );
  }
  return factory(deps);
}
