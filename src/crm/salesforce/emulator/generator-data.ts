// Word lists for generated Salesforce data. Countries, company names and people come from the Partner Center
// emulator's lists (so generated accounts look like the customers of generated referrals); what is
// Salesforce-specific lives here: the ways people type a country into a free-text BillingCountry, titles,
// and opportunity themes.

/**
 * BillingCountry is free text in an org without State and Country picklists: most records carry the ISO
 * code, some a name in English or in the country's language. Only codes with an entry here get names.
 */
export const countryNames: Readonly<Record<string, readonly string[]>> = {
  US: ['United States', 'USA'],
  GB: ['United Kingdom', 'UK'],
  DE: ['Deutschland', 'Germany'],
  NL: ['Netherlands', 'Nederland'],
  FR: ['France'],
  ES: ['España', 'Spain'],
  IT: ['Italia'],
  CH: ['Schweiz', 'Switzerland'],
  SE: ['Sverige'],
  JP: ['Japan'],
  BR: ['Brasil', 'Brazil'],
  IN: ['India'],
  AU: ['Australia'],
  CA: ['Canada'],
};

export const titles = [
  'Chief Information Officer',
  'Chief Technology Officer',
  'IT Director',
  'Head of Infrastructure',
  'Procurement Manager',
  'Cloud Architect',
  'VP Operations',
  'Security Lead',
  'Data Platform Owner',
] as const;

export const opportunityThemes = [
  'Azure Migration',
  'Microsoft 365 Rollout',
  'Copilot Readiness',
  'Dynamics 365 Sales',
  'Security Assessment',
  'Data Platform Modernisation',
  'Teams Phone',
  'Power BI Adoption',
  'SAP on Azure',
  'Landing Zone',
] as const;

/** Weights of the default stages in generated opportunities (most open, some closed). */
export const stageWeights: Readonly<Record<string, number>> = {
  Prospecting: 14,
  Qualification: 14,
  'Needs Analysis': 10,
  'Value Proposition': 10,
  'Id. Decision Makers': 6,
  'Perception Analysis': 5,
  'Proposal/Price Quote': 8,
  'Negotiation/Review': 6,
  'On Hold': 4,
  'Closed Won': 12,
  'Closed Lost': 11,
};
