// The data of the opportunities marked for sync, checked with the same rules the outbound flow applies
// before it creates a co-sell referral (R2, R3, R6, R7): each finding names the first records and counts the
// rest, so the user fixes every record at once instead of meeting one failure per sync attempt.
import {
  checkCloseDate,
  checkContact,
  checkCountry,
  checkDealValue,
  checkSolution,
  suggestCountryCode,
  type RuleResult,
} from '../../domain/validation/index.js';
import type { ReferralDraft } from '../../domain/referral.js';
import type { CrmOpportunity } from '../../crm/adapter.js';
import { draftOfOpportunity } from '../../flows/crm-to-partner-center/referral-body.js';
import { syncStateOfOpportunity } from '../../flows/partner-center-to-crm/states.js';
import { accountOf, scanOpportunities, type OpportunityScan } from '../scan.js';
import {
  CheckStatus,
  FixKind,
  type CheckOutcome,
  type CountrySuggestion,
  type DoctorCheck,
  type DoctorContext,
  type MessageKeyOf,
} from '../types.js';

interface Checked {
  readonly opportunity: CrmOpportunity;
  readonly draft: ReferralDraft;
}

async function drafts(ctx: DoctorContext): Promise<{ scan: OpportunityScan; items: Checked[] }> {
  const scan = await scanOpportunities(ctx);
  const policy = ctx.config.sync.stages;
  const items = scan.opportunities.map((opportunity) => ({
    opportunity,
    draft: draftOfOpportunity({
      opportunity,
      state: syncStateOfOpportunity(opportunity, policy),
      account: accountOf(scan, opportunity),
      contacts: scan.contacts.get(opportunity.id) ?? [],
    }),
  }));
  return { scan, items };
}

function ruleCheck(
  id: string,
  requirements: DoctorCheck['requirements'],
  rule: (item: Checked) => RuleResult,
  keys: { bad: MessageKeyOf<'doctor.data.'>; fix: MessageKeyOf<'doctor.data.'> },
): DoctorCheck {
  return {
    id,
    requirements,
    async run(ctx): Promise<CheckOutcome> {
      const { scan, items } = await drafts(ctx);
      const bad = items.filter((item) => !rule(item).ok).map((i) => i.opportunity.id);
      const checked = { count: items.length, pages: scan.pages };
      if (bad.length === 0) {
        return { status: CheckStatus.pass, found: { key: 'doctor.data.ok', params: checked } };
      }
      return {
        status: CheckStatus.warn,
        found: { key: keys.bad, params: { ...checked, bad: bad.length } },
        fix: { key: keys.fix },
        records: ctx.sample(bad),
      };
    },
  };
}

export const solutionData = ruleCheck('data.solution', ['R7'], (i) => checkSolution(i.draft), {
  bad: 'doctor.data.solution',
  fix: 'doctor.data.solution.fix',
});

export const contactData = ruleCheck('data.contact', ['R2'], (i) => checkContact(i.draft), {
  bad: 'doctor.data.contact',
  fix: 'doctor.data.contact.fix',
});

export const qualificationData = ruleCheck(
  'data.qualification',
  ['R3'],
  (i) => {
    const value = checkDealValue(i.draft);
    return value.ok ? checkCloseDate(i.draft) : value;
  },
  { bad: 'doctor.data.qualification', fix: 'doctor.data.qualification.fix' },
);

/** R6, with the code a country name unambiguously stands for: what `--fix` offers to write. */
export const countryData: DoctorCheck = {
  id: 'data.country',
  requirements: ['R6'],
  async run(ctx) {
    const { scan, items } = await drafts(ctx);
    const bad = items.filter((i) => !checkCountry(i.draft.customer.country).ok);
    const checked = { count: items.length, pages: scan.pages };
    if (bad.length === 0) {
      return { status: CheckStatus.pass, found: { key: 'doctor.data.ok', params: checked } };
    }
    const suggestions: CountrySuggestion[] = bad.flatMap((i) => {
      const value = i.draft.customer.country ?? '';
      const code = value === '' ? undefined : suggestCountryCode(value);
      const accountId = i.opportunity.accountId;
      return code === undefined || accountId === undefined
        ? []
        : [{ accountId, opportunityId: i.opportunity.id, value, code }];
    });
    return {
      status: CheckStatus.warn,
      found: {
        key: 'doctor.data.country',
        params: { ...checked, bad: bad.length, suggested: suggestions.length },
      },
      fix: { key: suggestions.length > 0 ? 'doctor.data.country.fixSuggested' : 'doctor.data.country.fix' },
      records: ctx.sample(bad.map((i) => i.opportunity.id)),
      ...(suggestions.length > 0 ? { suggestions, fixable: FixKind.countries } : {}),
    };
  },
};
