// Who we act as, and for how long (P2, P3, R4, R5). Each identity is asked once with a cheap call: Partner
// Center lists one referral (refused without the Referrals admin role), the CRM says who we are and whether
// that identity may customise the org.
import { CosellError, isCosellError } from '../../errors.js';
import type { CrmAdapter } from '../../crm/adapter.js';
import { partnerCenterSystem, referralsAdminRole } from '../../partner-center/connection.js';
import { listConnections } from '../../store/connections.js';
import { System } from '../../store/schema.js';
import { CheckStatus, type DoctorCheck } from '../types.js';

/** A refresh token closer to its end than this is a warning (R4: detected before it breaks sync). */
export const tokenWarnDays = 14;

const notConnected = (system: string) =>
  ({
    status: CheckStatus.fail,
    found: { key: 'errors.AUTH_NOT_CONNECTED', params: { system } },
    fix: { key: 'errors.AUTH_NOT_CONNECTED.fix', params: { system } },
    code: 'AUTH_NOT_CONNECTED',
  }) as const;

export const partnerCenterRole: DoctorCheck = {
  id: 'connections.partner-center',
  requirements: ['P3', 'R5'],
  async run(ctx) {
    const stored = (await listConnections(ctx.db)).find((c) => c.system === System.partnerCenter);
    const identity = stored?.identity ?? stored?.accountId ?? '';
    try {
      const client = await ctx.partnerCenter();
      await client.listPage({ top: 1 });
    } catch (error) {
      if (isCosellError(error) && error.code === 'AUTH_NOT_CONNECTED')
        return notConnected(partnerCenterSystem);
      if (isCosellError(error) && error.code === 'PC_ACCESS_DENIED') {
        const params = { identity, role: referralsAdminRole, system: 'Partner Center' };
        return {
          status: CheckStatus.fail,
          found: { key: 'errors.AUTH_ROLE_MISSING', params },
          fix: { key: 'errors.AUTH_ROLE_MISSING.fix', params },
          code: 'AUTH_ROLE_MISSING',
        };
      }
      throw error;
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.connections.pcOk', params: { identity, role: referralsAdminRole } },
    };
  },
};

export const crmRole: DoctorCheck = {
  id: 'connections.crm',
  requirements: ['P2', 'R5'],
  async run(ctx) {
    const system = ctx.config.crm;
    let me: Awaited<ReturnType<CrmAdapter['whoAmI']>>;
    try {
      me = await (await ctx.crm()).whoAmI();
    } catch (error) {
      if (isCosellError(error) && error.code === 'AUTH_NOT_CONNECTED') return notConnected(system);
      throw error;
    }
    if (!me.canCustomize) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.connections.crmCannotCustomize', params: { identity: me.username, system } },
        fix: { key: 'doctor.connections.crmCannotCustomize.fix', params: { identity: me.username, system } },
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.connections.crmOk', params: { identity: me.username, system } },
    };
  },
};

export const tokenHealth: DoctorCheck = {
  id: 'connections.tokens',
  requirements: ['R4'],
  async run(ctx) {
    const now = ctx.now().getTime();
    const needed = [System.partnerCenter, ctx.config.crm];
    const stored = (await listConnections(ctx.db)).filter((c) => needed.includes(c.system));
    if (stored.length === 0) throw new CosellError('AUTH_NOT_CONNECTED', { system: partnerCenterSystem });
    const days = stored.map((c) => ({
      system: c.system,
      days:
        c.refreshTokenExpiresAt == null
          ? undefined
          : Math.floor((c.refreshTokenExpiresAt.getTime() - now) / 86_400_000),
    }));
    const describe = days
      .map((d) => `${d.system}: ${d.days === undefined ? '∞' : String(d.days)}`)
      .join(', ');
    const expired = days.filter((d) => d.days !== undefined && d.days < 0).map((d) => d.system);
    if (expired.length > 0) {
      const system = expired.join(', ');
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.tokens.expired', params: { systems: system } },
        fix: { key: 'doctor.tokens.expired.fix', params: { system: expired[0] ?? '' } },
        code: 'AUTH_REFRESH_FAILED',
        records: ctx.sample(expired),
      };
    }
    const soon = days.filter((d) => d.days !== undefined && d.days < tokenWarnDays).map((d) => d.system);
    if (soon.length > 0) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.tokens.expiring', params: { days: describe } },
        fix: { key: 'doctor.tokens.expired.fix', params: { system: soon[0] ?? '' } },
        records: ctx.sample(soon),
      };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.tokens.ok', params: { days: describe } } };
  },
};
