// The old solution's flows, declared as data so users migrating from it recognise each one by name, with
// what each needs (C3). Enabling a flow enables what it needs first; disabling a flow that an enabled flow
// needs is refused, naming the flows that need it. The order is a topological sort over `needs`.

export const FlowName = {
  webhookRegistration: 'webhook-registration',
  partnerCenterToCrmHelper: 'partner-center-to-crm-helper',
  microsoftReferralUpdatesToCrm: 'microsoft-referral-updates-to-crm',
  partnerCenterToCrm: 'partner-center-to-crm',
  createCoSellReferral: 'create-co-sell-referral',
  crmOpportunityToPartnerCenter: 'crm-opportunity-to-partner-center',
  microsoftSolutionsToPartnerCenter: 'microsoft-solutions-to-partner-center',
  crmToPartnerCenter: 'crm-to-partner-center',
} as const;
export type FlowName = (typeof FlowName)[keyof typeof FlowName];

export type FlowTrigger = 'setup' | 'partner-center-event' | 'crm-change' | 'called-by-flow';

export interface FlowDefinition {
  readonly name: FlowName;
  readonly trigger: FlowTrigger;
  /** Flows that must be on for this one to work (the old solution's child flows). */
  readonly needs: readonly FlowName[];
}

/**
 * In the old solution's activation order. "Partner Center to CRM" needs its helper and the Microsoft
 * referral updates flow on first (the FAQ's "Requiring updates" error came from getting this wrong).
 */
export const flowDefinitions: readonly FlowDefinition[] = [
  { name: FlowName.webhookRegistration, trigger: 'setup', needs: [] },
  { name: FlowName.partnerCenterToCrmHelper, trigger: 'called-by-flow', needs: [] },
  {
    name: FlowName.microsoftReferralUpdatesToCrm,
    trigger: 'partner-center-event',
    needs: [FlowName.partnerCenterToCrmHelper],
  },
  {
    name: FlowName.partnerCenterToCrm,
    trigger: 'partner-center-event',
    needs: [
      FlowName.webhookRegistration,
      FlowName.partnerCenterToCrmHelper,
      FlowName.microsoftReferralUpdatesToCrm,
    ],
  },
  { name: FlowName.createCoSellReferral, trigger: 'called-by-flow', needs: [] },
  { name: FlowName.crmOpportunityToPartnerCenter, trigger: 'called-by-flow', needs: [] },
  { name: FlowName.microsoftSolutionsToPartnerCenter, trigger: 'called-by-flow', needs: [] },
  {
    name: FlowName.crmToPartnerCenter,
    trigger: 'crm-change',
    needs: [
      FlowName.createCoSellReferral,
      FlowName.crmOpportunityToPartnerCenter,
      FlowName.microsoftSolutionsToPartnerCenter,
    ],
  },
];

const byName = new Map(flowDefinitions.map((flow) => [flow.name, flow]));

export function isFlowName(value: string): value is FlowName {
  return byName.has(value as FlowName);
}

/** Everything `name` needs, directly or not, dependencies first, then `name` itself. */
export function activationOrder(name: FlowName): FlowName[] {
  const order: FlowName[] = [];
  const visit = (current: FlowName, path: readonly FlowName[]): void => {
    if (path.includes(current)) throw new Error(`flow dependency cycle: ${[...path, current].join(' -> ')}`);
    if (order.includes(current)) return;
    for (const need of byName.get(current)?.needs ?? []) visit(need, [...path, current]);
    order.push(current);
  };
  visit(name, []);
  return order;
}

/** The flows to switch on, in order, to enable `name` given what is on already. */
export function flowsToEnable(name: FlowName, enabled: ReadonlySet<FlowName>): FlowName[] {
  return activationOrder(name).filter((flow) => !enabled.has(flow));
}

/** Enabled flows that need `name`, directly or not: disabling `name` would break them. */
export function enabledDependents(name: FlowName, enabled: ReadonlySet<FlowName>): FlowName[] {
  return flowDefinitions
    .filter(
      (flow) => flow.name !== name && enabled.has(flow.name) && activationOrder(flow.name).includes(name),
    )
    .map((flow) => flow.name);
}
