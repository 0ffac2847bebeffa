// Silent non-sync (R8): a referral in Partner Center with no CRM link and no recorded reason is one the user
// would ask about. Microsoft's side of a co-sell is shown on the partner's opportunity, not linked itself.
import { isMicrosoftSide } from '../../domain/referral.js';
import { referralsWithReason } from '../../store/audit.js';
import { getLinksByReferrals } from '../../store/links.js';
import { scanReferrals } from '../scan.js';
import { CheckStatus, type DoctorCheck } from '../types.js';

export const unexplainedReferrals: DoctorCheck = {
  id: 'referrals.unexplained',
  requirements: ['R8'],
  async run(ctx) {
    const { referrals } = await scanReferrals(ctx);
    const own = referrals.filter((r) => !isMicrosoftSide(r)).map((r) => r.id);
    const linked = new Set((await getLinksByReferrals(ctx.db, own)).map((l) => l.referralId));
    const unlinked = own.filter((id) => !linked.has(id));
    const explained = await referralsWithReason(ctx.db, unlinked);
    const silent = unlinked.filter((id) => !explained.has(id));
    if (silent.length > 0) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.referrals.silent', params: { count: silent.length, total: own.length } },
        fix: { key: 'doctor.referrals.silent.fix' },
        records: ctx.sample(silent),
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.referrals.ok', params: { total: own.length, unlinked: unlinked.length } },
    };
  },
};
