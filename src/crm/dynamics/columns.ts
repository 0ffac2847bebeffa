// The co-sell columns and the Microsoft solution table carry the solution publisher's prefix (`cosell_` by
// default; a customer's own publisher may use another), so their names are built here, once per adapter.
// The "How can Microsoft help?" choice: Partner Center's assistanceRequestCode on one side, the choice's
// values (a publisher's custom values start at 100,000,000) on the other. The field mapping guide that would
// fix this table is not public (remote-apis.md, "Not confirmed" 5): it maps each code to the nearest label.

export interface DvColumns {
  readonly prefix: string;
  readonly sync: string;
  readonly referralId: string;
  readonly referralLink: string;
  readonly help: string;
  readonly microsoftCrmId: string;
  readonly audit: string;
  readonly solutionSet: string;
  readonly solutionKey: string;
  readonly solutionName: string;
  readonly solutionId: string;
  /** The solution's lookup to its opportunity (bind name and column name are the same). */
  readonly solutionOpportunity: string;
  /** That lookup's one-to-many relationship: an opportunity's collection-valued navigation to its solutions. */
  readonly solutionRelationship: string;
}

export function dvColumns(prefix: string): DvColumns {
  if (!/^[a-z][a-z0-9]{1,7}_$/.test(prefix)) {
    throw new RangeError(`the publisher prefix '${prefix}' must be 2-8 lower-case letters or digits and '_'`);
  }
  return {
    prefix,
    sync: `${prefix}syncwithpartnercenter`,
    referralId: `${prefix}referralidentifier`,
    referralLink: `${prefix}referrallink`,
    help: `${prefix}howcanmicrosofthelp`,
    microsoftCrmId: `${prefix}microsoftcrmidentifier`,
    audit: `${prefix}partnercenteraudit`,
    solutionSet: `${prefix}microsoftsolutions`,
    solutionKey: `${prefix}microsoftsolutionid`,
    solutionName: `${prefix}name`,
    solutionId: `${prefix}solutionid`,
    solutionOpportunity: `${prefix}opportunityid`,
    solutionRelationship: `${prefix}opportunity_${prefix}microsoftsolution`,
  };
}

/** The opportunity columns every read selects. */
export function opportunitySelect(c: DvColumns): string {
  return [
    'opportunityid',
    'name',
    'estimatedvalue',
    'estimatedclosedate',
    'description',
    'stepname',
    'salesstage',
    'statecode',
    'statuscode',
    '_transactioncurrencyid_value',
    '_parentaccountid_value',
    '_parentcontactid_value',
    '_ownerid_value',
    '_modifiedby_value',
    'modifiedon',
    c.sync,
    c.referralId,
    c.referralLink,
    c.help,
    c.microsoftCrmId,
    c.audit,
  ].join(',');
}

const base = 100_000_000;
/** assistanceRequestCode → choice value. */
export const helpChoiceOf: Readonly<Record<string, number>> = {
  GeneralOrOther: base, // General or Other
  CustomerTechnicalArchitecture: base + 1, // Architecture Services
  WorkloadSpecificValueProposition: base + 2, // Workload Specific Value Proposition
  QuotesOrLicensing: base + 3, // Cost or Pricing
  ProofOfConceptOrDemo: base + 7, // Solution Demonstration
  PostSalesCustomerSuccess: base + 8, // Product Support
};
/** Choice values with no code of their own read as the nearest one. */
const helpCodeOfExtra: Readonly<Record<number, string>> = {
  [base + 4]: 'CustomerTechnicalArchitecture', // Technical Consultation
  [base + 5]: 'GeneralOrOther', // Deal Registration
  [base + 6]: 'GeneralOrOther', // Customer Executive Sponsorship
};

export function helpCodeOf(value: number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const code = Object.entries(helpChoiceOf).find(([, v]) => v === value)?.[0];
  return code ?? helpCodeOfExtra[value] ?? 'GeneralOrOther';
}

/** A code we have no choice for still asks for help: General or Other. */
export function helpValueOf(code: string): number {
  return helpChoiceOf[code] ?? base;
}
