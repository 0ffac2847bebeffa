// Installing what cosell needs in a CRM (issue 5, P2, R3), the same way for every CRM: who is signed in and
// whether they may customise (checked first, so a refusal names the missing role and creates nothing), what
// of the declared schema exists, then the missing items created one by one, parents first. Running it again
// creates nothing; `dryRun` only reports what it would create. Each CRM supplies a SchemaInstaller.
import { CosellError } from '../errors.js';
import type { CrmSystem } from '../store/schema.js';

export interface SchemaItemState {
  /** `Opportunity.Referral_Identifier__c`, `Microsoft_Solution__c`, `opportunity.cosell_referralidentifier` … */
  readonly name: string;
  readonly kind: 'object' | 'field' | 'key';
  readonly present: boolean;
}

/** R3: the field holding an opportunity's currency and the currencies enabled for it. */
export interface CurrencySetting {
  readonly field: string;
  readonly currencies: readonly string[];
}

export interface SchemaInstaller {
  readonly system: CrmSystem;
  /** How the CRM is named in messages. */
  readonly systemName: string;
  /** The roles that may install, as the error names them (P2). */
  readonly requiredRole: string;
  whoAmI(): Promise<{ username: string; canCustomize: boolean }>;
  /** Every declared item, parents first, with whether the CRM has it; cheap (a few reads). */
  inspect(): Promise<SchemaItemState[]>;
  /** Creates one missing item; one that appeared meanwhile counts as created. */
  create(name: string): Promise<void>;
  currency(): Promise<CurrencySetting>;
}

export type InstallOutcome = 'created' | 'present' | 'wouldCreate';

export interface InstallReport {
  readonly system: CrmSystem;
  readonly identity: string;
  readonly dryRun: boolean;
  readonly items: readonly {
    readonly name: string;
    readonly kind: SchemaItemState['kind'];
    readonly outcome: InstallOutcome;
  }[];
  readonly currency: CurrencySetting;
}

/** Whether the CRM may customise, else AUTH_ROLE_MISSING naming the identity and the roles that would do. */
async function requireCustomizer(installer: SchemaInstaller): Promise<string> {
  const who = await installer.whoAmI();
  if (!who.canCustomize) {
    throw new CosellError('AUTH_ROLE_MISSING', {
      identity: who.username,
      role: installer.requiredRole,
      system: installer.systemName,
    });
  }
  return who.username;
}

export async function installCoSellSchema(
  installer: SchemaInstaller,
  options: { readonly dryRun: boolean },
): Promise<InstallReport> {
  const identity = await requireCustomizer(installer);
  const states = await installer.inspect();
  const items: InstallReport['items'][number][] = [];
  for (const { name, kind, present } of states) {
    if (present) items.push({ name, kind, outcome: 'present' });
    else if (options.dryRun) items.push({ name, kind, outcome: 'wouldCreate' });
    else {
      await installer.create(name);
      items.push({ name, kind, outcome: 'created' });
    }
  }
  const currency = await installer.currency();
  return { system: installer.system, identity, dryRun: options.dryRun, items, currency };
}

/** What a future doctor check reports: the declared items the CRM lacks (no role needed to read them). */
export async function missingCoSellSchema(installer: SchemaInstaller): Promise<SchemaItemState[]> {
  return (await installer.inspect()).filter((item) => !item.present);
}
