// Pairs by ids one side holds for the other: sure enough to link without asking, unless ids disagree.
// Rule 1: the opportunity's Referral Identifier names the referral, or the referral's externalReferenceId
// names the opportunity. Rule 2, for what rule 1 left: the opportunity's Microsoft CRM Identifier names
// Microsoft's referral of an engagement, and the partner's referral in that engagement is the deal.
// Microsoft's side of a co-sell carries the same CRM id as the partner's referral of the deal, so it never
// pairs by itself: taking it for the deal would link the opportunity to the wrong referral.
// Records are tracked as the digest objects themselves (one per id, see index.ts): maps keyed by object
// cost no string hashing, which counts at 50,000 records a side.
import { idKey } from './normalize.js';
import { DisjointSets, group } from './order.js';
import type { Evidence, FlaggedGroup, MatchPair, OpportunityDigest, ReferralDigest } from './types.js';

/** An opportunity that strong ids tie to the referral of a pair already linked. */
export interface LinkedDuplicate {
  readonly linked: MatchPair;
  readonly candidate: MatchPair;
}

export interface StrongMatches {
  readonly exact: readonly MatchPair[];
  /** ids-disagree groups. */
  readonly groups: readonly FlaggedGroup[];
  readonly linkedDuplicates: readonly LinkedDuplicate[];
  /** Records in a pair, a group or a linked duplicate: none of them is left for the fuzzy rule. */
  readonly settledReferrals: ReadonlySet<string>;
  readonly settledOpportunities: ReadonlySet<string>;
}

interface Edge {
  readonly referral: ReferralDigest;
  readonly opportunity: OpportunityDigest;
  readonly evidence: Evidence[];
}

/** What rule 1 made of a referral: a pair, or a group that rule 2 may still widen. */
type Unit = { readonly pair: MatchPair } | { readonly edges: Edge[] };

export function strongMatches(
  partners: readonly ReferralDigest[],
  microsoft: readonly ReferralDigest[],
  opportunities: readonly OpportunityDigest[],
): StrongMatches {
  const exact: MatchPair[] = [];
  const groups = new Set<{ readonly edges: Edge[] }>();
  const unitOf = new Map<ReferralDigest, Unit>();
  const settledOpportunities = new Set<OpportunityDigest>();

  for (const edges of components(referralIdentifierEdges(partners, opportunities))) {
    const [only] = edges;
    let unit: Unit;
    if (only !== undefined && edges.length === 1) {
      unit = { pair: pairOf(only) };
      exact.push(unit.pair);
    } else {
      unit = { edges };
      groups.add(unit);
    }
    for (const edge of edges) {
      unitOf.set(edge.referral, unit);
      settledOpportunities.add(edge.opportunity);
    }
  }

  const free = opportunities.filter((o) => !settledOpportunities.has(o));
  const linkedDuplicates: LinkedDuplicate[] = [];
  const nodeOf = (referral: ReferralDigest): object => unitOf.get(referral) ?? referral;
  for (const edges of components(microsoftCrmIdentifierEdges(partners, microsoft, free), nodeOf)) {
    const units = new Set(edges.flatMap((edge) => unitOf.get(edge.referral) ?? []));
    const [only] = edges;
    if (units.size === 0) {
      if (only !== undefined && edges.length === 1) exact.push(pairOf(only));
      else groups.add({ edges });
      continue;
    }
    const [unit] = units;
    if (units.size === 1 && unit !== undefined && 'pair' in unit) {
      const { pair } = unit;
      if (edges.every((edge) => edge.referral.id === pair.referralId)) {
        // A copy of a linked opportunity (CRMs copy every field when a record is cloned): a second entry
        // of that deal, not a disagreement about the first.
        for (const edge of edges) linkedDuplicates.push({ linked: pair, candidate: pairOf(edge) });
        continue;
      }
    }
    // Anything else reaching a settled record: every id involved goes into one group, the groups it
    // reached included. A pair it reached stays linked; its edge shows in the group's candidates.
    const merged = [...edges];
    for (const touched of units) {
      if ('edges' in touched) {
        merged.push(...touched.edges);
        groups.delete(touched);
      }
    }
    groups.add({ edges: merged });
  }

  const finished = [...groups].map(({ edges }) =>
    group(
      'ids-disagree',
      edges.flatMap(({ referral }) => {
        const unit = unitOf.get(referral);
        return unit !== undefined && 'pair' in unit ? [] : [referral.id];
      }),
      edges.map((edge) => edge.opportunity.id),
      edges.map(pairOf),
    ),
  );
  const settledReferralIds = new Set<string>();
  const settledOpportunityIds = new Set<string>();
  for (const pair of exact) {
    settledReferralIds.add(pair.referralId);
    settledOpportunityIds.add(pair.opportunityId);
  }
  for (const g of finished) {
    for (const id of g.referralIds) settledReferralIds.add(id);
    for (const id of g.opportunityIds) settledOpportunityIds.add(id);
  }
  for (const { candidate } of linkedDuplicates) settledOpportunityIds.add(candidate.opportunityId);
  return {
    exact,
    groups: finished,
    linkedDuplicates,
    settledReferrals: settledReferralIds,
    settledOpportunities: settledOpportunityIds,
  };
}

/** Rule 1's edges: one per (referral, opportunity), with each id that ties them. */
function referralIdentifierEdges(
  partners: readonly ReferralDigest[],
  opportunities: readonly OpportunityDigest[],
): Edge[] {
  const partnerByKey = indexByKey(partners);
  const opportunityByKey = indexByKey(opportunities);
  const edges: Edge[] = [];
  // An opportunity names one referral at most: where both ids tie the same two records, one edge holds both.
  const byReferralIdentifier = new Map<OpportunityDigest, Edge>();
  for (const opportunity of opportunities) {
    const referral = lookUp(partnerByKey, opportunity.referralId);
    if (referral === undefined) continue;
    const edge: Edge = { referral, opportunity, evidence: [{ kind: 'referral-identifier' }] };
    edges.push(edge);
    byReferralIdentifier.set(opportunity, edge);
  }
  for (const referral of partners) {
    const opportunity = lookUp(opportunityByKey, referral.externalReferenceId);
    if (opportunity === undefined) continue;
    const agreeing = byReferralIdentifier.get(opportunity);
    if (agreeing?.referral === referral) agreeing.evidence.push({ kind: 'external-reference-id' });
    else edges.push({ referral, opportunity, evidence: [{ kind: 'external-reference-id' }] });
  }
  return edges;
}

/** Rule 2's edges: opportunity -> Microsoft's referral -> its engagement -> each partner referral in it. */
function microsoftCrmIdentifierEdges(
  partners: readonly ReferralDigest[],
  microsoft: readonly ReferralDigest[],
  opportunities: readonly OpportunityDigest[],
): Edge[] {
  const microsoftByKey = indexByKey(microsoft.filter((m) => idKey(m.engagementId) !== undefined));
  const partnersByEngagement = new Map<string, ReferralDigest[]>();
  for (const partner of partners) {
    const engagement = idKey(partner.engagementId);
    if (engagement === undefined) continue;
    const inEngagement = partnersByEngagement.get(engagement);
    if (inEngagement) inEngagement.push(partner);
    else partnersByEngagement.set(engagement, [partner]);
  }
  const edges: Edge[] = [];
  for (const opportunity of opportunities) {
    const msReferral = lookUp(microsoftByKey, opportunity.microsoftCrmId);
    const engagementId = msReferral?.engagementId?.trim();
    if (msReferral === undefined || engagementId === undefined) continue;
    for (const referral of partnersByEngagement.get(idKey(engagementId) ?? '') ?? []) {
      const evidence: Evidence = {
        kind: 'microsoft-crm-identifier',
        microsoftReferralId: msReferral.id,
        engagementId,
      };
      edges.push({ referral, opportunity, evidence: [evidence] });
    }
  }
  return edges;
}

/**
 * Edges split into sets that share no record; `nodeOf` may tie a referral to others already settled.
 * Almost every edge is alone (its records in no other edge) and skips the union-find.
 */
function components(
  edges: readonly Edge[],
  nodeOf: (referral: ReferralDigest) => object = (referral) => referral,
): Edge[][] {
  const degree = new Map<object, number>();
  const count = (node: object): void => void degree.set(node, (degree.get(node) ?? 0) + 1);
  for (const edge of edges) {
    count(nodeOf(edge.referral));
    count(edge.opportunity);
  }
  const alone: Edge[][] = [];
  const sets = new DisjointSets<object>();
  const tied: Edge[] = [];
  for (const edge of edges) {
    const node = nodeOf(edge.referral);
    if (degree.get(node) === 1 && degree.get(edge.opportunity) === 1) {
      alone.push([edge]);
    } else {
      sets.union(node, edge.opportunity);
      tied.push(edge);
    }
  }
  const byRoot = new Map<object, Edge[]>();
  for (const edge of tied) {
    const root = sets.find(edge.opportunity);
    const component = byRoot.get(root);
    if (component) component.push(edge);
    else byRoot.set(root, [edge]);
  }
  return [...alone, ...byRoot.values()];
}

function pairOf(edge: Edge): MatchPair {
  return {
    referralId: edge.referral.id,
    opportunityId: edge.opportunity.id,
    score: 1,
    evidence: edge.evidence,
  };
}

/** Records by the key their id is looked up with; a record listed twice counts once. */
function indexByKey<T extends { readonly id: string }>(records: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const record of records) {
    const key = idKey(record.id);
    if (key !== undefined && !index.has(key)) index.set(key, record);
  }
  return index;
}

function lookUp<T>(index: ReadonlyMap<string, T>, id: string | undefined): T | undefined {
  const key = idKey(id);
  return key === undefined ? undefined : index.get(key);
}
