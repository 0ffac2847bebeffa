import { describe, expect, it } from 'vitest';
import { activationOrder, enabledDependents, flowDefinitions, FlowName, flowsToEnable } from './registry.js';

describe('flows and their activation order (C3)', () => {
  it('C3: enabling Partner Center to CRM enables its helper and the Microsoft referral updates flow first', () => {
    const order = flowsToEnable(FlowName.partnerCenterToCrm, new Set());
    expect(order.at(-1)).toBe(FlowName.partnerCenterToCrm);
    expect(order.indexOf(FlowName.partnerCenterToCrmHelper)).toBeLessThan(
      order.indexOf(FlowName.microsoftReferralUpdatesToCrm),
    );
    expect(order).toContain(FlowName.webhookRegistration);
  });

  it('C3: flows already on are not enabled again', () => {
    const enabled = new Set([FlowName.webhookRegistration, FlowName.partnerCenterToCrmHelper]);
    expect(flowsToEnable(FlowName.partnerCenterToCrm, enabled)).toEqual([
      FlowName.microsoftReferralUpdatesToCrm,
      FlowName.partnerCenterToCrm,
    ]);
  });

  it('C3: disabling a flow that an enabled flow needs names the flows that need it', () => {
    const enabled = new Set(activationOrder(FlowName.partnerCenterToCrm));
    expect(enabledDependents(FlowName.partnerCenterToCrmHelper, enabled).sort()).toEqual(
      [FlowName.microsoftReferralUpdatesToCrm, FlowName.partnerCenterToCrm].sort(),
    );
    expect(enabledDependents(FlowName.partnerCenterToCrm, enabled)).toEqual([]);
  });

  it('every flow of the old solution is declared once, and every dependency order is acyclic', () => {
    const names = flowDefinitions.map((flow) => flow.name);
    expect(new Set(names).size).toBe(Object.values(FlowName).length);
    for (const name of names) {
      const order = activationOrder(name);
      for (const flow of order) {
        const needs = flowDefinitions.find((f) => f.name === flow)?.needs ?? [];
        for (const need of needs) expect(order.indexOf(need)).toBeLessThan(order.indexOf(flow));
      }
    }
  });
});
