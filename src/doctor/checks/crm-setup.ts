// The CRM's set-up data (P4, R3): currencies valid and enabled, the opportunities' currency readable, and
// the sellers of synced referrals mapped to CRM users, and the co-sell fields and solution object the sync
// reads and writes, as `cosell install crm` declares them (P2).
import { missingCoSellSchema, schemaInstallerFor } from '../../crm/index.js';
import { checkCurrency, isCurrencyCode } from '../../domain/validation/index.js';
import { getLinksByReferrals } from '../../store/links.js';
import { scanOpportunities, scanReferrals } from '../scan.js';
import { CheckStatus, type DoctorCheck, type DoctorContext } from '../types.js';

const enabledCurrencies = (ctx: DoctorContext) =>
  ctx.once('crm.currencies', async () => (await ctx.crm()).enabledCurrencies());

export const currencies: DoctorCheck = {
  id: 'crm.currencies',
  requirements: ['P4'],
  async run(ctx) {
    const enabled = await enabledCurrencies(ctx);
    if (enabled.length === 0) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.crm.noCurrency' },
        fix: { key: 'doctor.crm.currency.fix' },
      };
    }
    const invalid = enabled.filter((code) => !isCurrencyCode(code));
    if (invalid.length > 0) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.crm.invalidCurrency', params: { codes: invalid.join(', ') } },
        fix: { key: 'doctor.crm.currency.fix' },
        records: ctx.sample(invalid),
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.crm.currenciesOk', params: { codes: enabled.join(', ') } },
    };
  },
};

/** P2, R3: every co-sell field, key and object the sync uses exists in the CRM (a few metadata reads). */
export const coSellFields: DoctorCheck = {
  id: 'crm.cosell-fields',
  requirements: ['P2', 'R3'],
  async run(ctx) {
    const installer = schemaInstallerFor(await ctx.crm(), { dynamicsSolution: ctx.config.dynamics.solution });
    const missing = await missingCoSellSchema(installer);
    if (missing.length > 0) {
      return {
        status: CheckStatus.fail,
        found: {
          key: 'doctor.crm.cosellFieldsMissing',
          params: { count: missing.length, crm: installer.systemName },
        },
        fix: { key: 'doctor.crm.cosellFields.fix', params: { role: installer.requiredRole } },
        records: ctx.sample(missing.map((item) => item.name)),
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.crm.cosellFieldsOk', params: { crm: installer.systemName } },
    };
  },
};

/** R3: every co-sell opportunity with a deal value carries a currency that is valid and enabled. */
export const currencyField: DoctorCheck = {
  id: 'crm.currency-field',
  requirements: ['R3'],
  async run(ctx) {
    const enabled = await enabledCurrencies(ctx);
    const scan = await scanOpportunities(ctx);
    // A single-currency org has no currency field: its one currency applies to every deal.
    const orgCurrency = enabled.length === 1 ? enabled[0] : undefined;
    const bad = scan.opportunities.filter(
      (o) => !checkCurrency({ currency: o.currency ?? orgCurrency, dealValue: o.amount }, enabled).ok,
    );
    if (bad.length > 0) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.crm.currencyField', params: { bad: bad.length, codes: enabled.join(', ') } },
        fix: { key: 'doctor.crm.currencyField.fix' },
        records: ctx.sample(bad.map((o) => o.id)),
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.crm.currencyFieldOk', params: { count: scan.opportunities.length } },
    };
  },
};

/** P4: the partner's team members on linked referrals are CRM users (matched by e-mail). */
export const sellers: DoctorCheck = {
  id: 'crm.sellers',
  requirements: ['P4'],
  async run(ctx) {
    const { referrals } = await scanReferrals(ctx);
    const linked = new Set(
      (
        await getLinksByReferrals(
          ctx.db,
          referrals.map((r) => r.id),
        )
      ).map((l) => l.referralId),
    );
    const emails = [
      ...new Set(
        referrals
          .filter((r) => linked.has(r.id))
          .flatMap((r) => (r.team ?? []).map((m) => m.email?.trim().toLowerCase() ?? ''))
          .filter((e) => e !== ''),
      ),
    ];
    const found = emails.length === 0 ? new Map() : await (await ctx.crm()).findUsersByEmail(emails);
    const unmapped = emails.filter((e) => !found.has(e));
    if (unmapped.length > 0) {
      return {
        status: CheckStatus.warn,
        found: {
          key: 'doctor.crm.sellersUnmapped',
          params: { count: unmapped.length, total: emails.length },
        },
        fix: { key: 'doctor.crm.sellersUnmapped.fix' },
        records: ctx.sample(unmapped),
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.crm.sellersOk', params: { count: emails.length } },
    };
  },
};
