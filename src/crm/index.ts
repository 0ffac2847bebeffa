// The CRMs this product can sync with, as a map from system to factory: a new CRM is a new folder plus one
// line here (design, "Layout"); nothing is ever loaded by name.
import type { Config } from '../config.js';
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import type { CrmSystem } from '../store/schema.js';
import type { CrmAdapter } from './adapter.js';
import { openDynamics, type DynamicsSettings } from './dynamics/index.js';
import { openSalesforce, type SalesforceSettings } from './salesforce/index.js';
import { SalesforceAdapter } from './salesforce/adapter.js';
import { salesforceInstaller } from './salesforce/install.js';
import type { SchemaInstaller } from './schema-install.js';
import { DynamicsAdapter } from './dynamics/adapter.js';
import { dynamicsInstaller } from './dynamics/install.js';

export type * from './adapter.js';
export {
  installCoSellSchema,
  missingCoSellSchema,
  type InstallReport,
  type SchemaInstaller,
  type SchemaItemState,
} from './schema-install.js';

/** What opening a CRM needs; each CRM reads its own settings slice and fills the rest from its defaults. */
export interface CrmOpenDeps {
  readonly config: Pick<Config, 'profile' | 'store' | 'salesforce' | 'dynamics'> & {
    /** The won and lost stage names (Dataverse closes opportunities by message, not by stage text). */
    readonly sync?: Pick<Config['sync'], 'stages'> | undefined;
  };
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: (() => Date) | undefined;
  readonly salesforce?: Partial<SalesforceSettings> | undefined;
  readonly dynamics?: Partial<DynamicsSettings> | undefined;
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
  dynamics: (deps) => {
    const { dailyCap, solution: _solution, ...rest } = deps.config.dynamics;
    const stages = deps.config.sync?.stages;
    const fromConfig: Partial<DynamicsSettings> = {
      ...rest,
      ...(dailyCap === undefined ? {} : { dailyCap }),
      ...(stages ? { stages: { won: stages.wonStage, lost: stages.lostStage } } : {}),
    };
    return openDynamics({ ...deps, settings: { ...fromConfig, ...deps.dynamics } });
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

/** The installer of the co-sell schema (fields, solution object) for an opened adapter. */
export function schemaInstallerFor(
  adapter: CrmAdapter,
  options: { readonly dynamicsSolution?: string | undefined } = {},
): SchemaInstaller {
  if (adapter instanceof SalesforceAdapter) return salesforceInstaller(adapter);
  if (adapter instanceof DynamicsAdapter)
    return dynamicsInstaller(adapter, { solution: options.dynamicsSolution });
  throw new RangeError('this CRM has no schema installer');
}
