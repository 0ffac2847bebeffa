// API budgets (P1): Partner Center calls today against the daily cap, with a forecast for the whole UTC day
// at today's pace; the CRM's calls against our own cap, and the CRM's remaining allowance where it reports one.
import { dailyCaps } from '../../ops/budget-caps.js';
import { callsToday } from '../../ops/store-readings.js';
import { System } from '../../store/schema.js';
import { CheckStatus, type CheckOutcome, type DoctorCheck } from '../types.js';

/** Calls the whole day will have taken at today's pace (the first hour counts as an hour: no wild guesses). */
export function forecastForDay(used: number, now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const elapsed = Math.max((now.getTime() - midnight) / 86_400_000, 1 / 24);
  return Math.round(used / elapsed);
}

function judge(system: string, used: number, cap: number, forecast: number): CheckOutcome {
  const params = { system, used, cap, forecast };
  if (used >= cap) {
    return {
      status: CheckStatus.fail,
      found: { key: 'doctor.budget.spent', params },
      fix: { key: 'doctor.budget.fix', params },
    };
  }
  if (forecast > cap) {
    return {
      status: CheckStatus.warn,
      found: { key: 'doctor.budget.forecastOver', params },
      fix: { key: 'doctor.budget.fix', params },
    };
  }
  return { status: CheckStatus.pass, found: { key: 'doctor.budget.ok', params } };
}

export const partnerCenterBudget: DoctorCheck = {
  id: 'budget.partner-center',
  requirements: ['P1'],
  async run(ctx) {
    const now = ctx.now();
    const used = (await callsToday(ctx.db, now)).get(System.partnerCenter) ?? 0;
    const cap = dailyCaps(ctx.config)[System.partnerCenter];
    return judge('Partner Center', used, cap, forecastForDay(used, now));
  },
};

export const crmBudget: DoctorCheck = {
  id: 'budget.crm',
  requirements: ['P1'],
  async run(ctx) {
    const now = ctx.now();
    const system = ctx.config.crm;
    const used = (await callsToday(ctx.db, now)).get(system) ?? 0;
    const cap = dailyCaps(ctx.config)[system];
    const ours = judge(system, used, cap, forecastForDay(used, now));
    const allowance = await (await ctx.crm()).dailyApiAllowance();
    if (allowance === undefined || ours.status !== CheckStatus.pass) return ours;
    const params = { system, remaining: allowance.remaining, max: allowance.max, used, cap };
    // The org's allowance is shared with every other integration and user of the org.
    if (allowance.remaining < allowance.max * 0.1) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.budget.crmAllowanceLow', params },
        fix: { key: 'doctor.budget.crmAllowanceLow.fix', params },
      };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.budget.crmAllowance', params } };
  },
};
