// The named flows (C3): every flow on, and none on while a flow it needs is off. `--fix` switches on what is
// needed, in dependency order (flows/activation.ts).
import { listFlows } from '../../flows/activation.js';
import { CheckStatus, FixKind, type DoctorCheck } from '../types.js';

export const flowOrder: DoctorCheck = {
  id: 'flows.order',
  requirements: ['C3'],
  async run(ctx) {
    const flows = await listFlows(ctx.db);
    const on = new Set(flows.filter((f) => f.enabled).map((f) => f.name));
    const broken = flows.filter((f) => f.enabled && f.needs.some((n) => !on.has(n)));
    if (broken.length > 0) {
      const needs = [...new Set(broken.flatMap((f) => f.needs.filter((n) => !on.has(n))))];
      return {
        status: CheckStatus.fail,
        found: {
          key: 'doctor.flows.broken',
          params: { flows: broken.map((f) => f.name).join(', '), needs: needs.join(', ') },
        },
        fix: { key: 'doctor.flows.fix' },
        fixable: FixKind.flows,
        records: ctx.sample(broken.map((f) => f.name)),
      };
    }
    const off = flows.filter((f) => !f.enabled).map((f) => f.name);
    if (off.length > 0) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.flows.off', params: { flows: off.join(', ') } },
        fix: { key: 'doctor.flows.fix' },
        fixable: FixKind.flows,
        records: ctx.sample(off),
      };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.flows.ok', params: { count: flows.length } } };
  },
};
