import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateAgreement,
  defaultMatchOptions,
  matchRecords,
  nameSimilarity,
  normalizeCompanyName,
  normalizePostalCode,
  valueAgreement,
  type MatchResult,
  type OpportunityDigest,
  type ReferralDigest,
} from './index.js';
import { forEachMaybeAlike } from './prefix-filter.js';
import { nameProfile, profileSimilarity } from './similarity.js';

const referral = (id: string, fields: Partial<ReferralDigest> = {}): ReferralDigest => ({
  id,
  microsoftSide: false,
  ...fields,
});
const opportunity = (id: string, fields: Partial<OpportunityDigest> = {}): OpportunityDigest => ({
  id,
  ...fields,
});
/** One customer at one address, as both sides would hold it. */
const contoso = { customerName: 'Contoso Ltd', country: 'NL', postalCode: '1011 AB' } as const;
const fabrikam = { customerName: 'Fabrikam, Inc.', country: 'NL', postalCode: '1011 AB' } as const;

const nothingElse = { proposed: [], flagged: [], unmatchedReferrals: [], unmatchedOpportunities: [] };

describe('normalizeCompanyName', () => {
  it('drops legal forms, punctuation and case', () => {
    expect(normalizeCompanyName('Contoso, Ltd.')).toBe('contoso');
    expect(normalizeCompanyName('CONTOSO LIMITED')).toBe('contoso');
    expect(normalizeCompanyName('Fabrikam B.V.')).toBe('fabrikam');
    expect(normalizeCompanyName('Wide World Importers Pty. Ltd.')).toBe('wide world importers');
    expect(normalizeCompanyName('Northwind Traders Corporation')).toBe('northwind traders');
    expect(normalizeCompanyName('Ørsted A/S')).toBe('orsted');
    expect(normalizeCompanyName("O'Neil & Sons, LLC")).toBe('oneil and sons');
    expect(normalizeCompanyName('Smith & Co.')).toBe('smith');
    expect(normalizeCompanyName('  Litware   Inc  ')).toBe('litware');
  });

  it('keeps a name that is nothing but legal-form words, so such names do not all become equal', () => {
    expect(normalizeCompanyName('AB')).toBe('ab');
    expect(normalizeCompanyName('Company AG')).toBe('company ag');
  });

  it('strips diacritics and folds letters that have none to strip', () => {
    expect(normalizeCompanyName('Société Générale S.A.')).toBe('societe generale');
    expect(normalizeCompanyName('Müller GmbH')).toBe('muller');
    expect(normalizeCompanyName('Straße AG')).toBe('strasse');
    expect(normalizeCompanyName('Nguyễn Trading Co')).toBe('nguyen trading');
    expect(normalizeCompanyName('ＣＯＮＴＯＳＯ')).toBe('contoso');
  });

  it('drops Chinese and Japanese legal forms written onto the name', () => {
    expect(normalizeCompanyName('腾讯科技有限公司')).toBe('腾讯科技');
    expect(normalizeCompanyName('华为技术股份有限公司')).toBe('华为技术');
    expect(normalizeCompanyName('小米公司')).toBe('小米');
    expect(normalizeCompanyName('腾讯科技（深圳）有限公司')).toBe('腾讯科技 深圳');
    expect(normalizeCompanyName('株式会社ソニー')).toBe('ソニー');
  });

  it('postal codes compare without case, spaces and dashes', () => {
    expect(normalizePostalCode('sw1a 1aa')).toBe(normalizePostalCode('SW1A-1AA'));
    expect(normalizePostalCode('  ')).toBeUndefined();
  });
});

describe('nameSimilarity', () => {
  it('is 1 for names equal after normalization, and for the same words in another order', () => {
    expect(nameSimilarity('Contoso, Ltd.', 'CONTOSO LIMITED')).toBe(1);
    expect(nameSimilarity('Contoso Pharma', 'Pharma Contoso')).toBe(1);
    expect(nameSimilarity('腾讯科技有限公司', '腾讯科技')).toBe(1);
  });

  it('is the Dice coefficient over the bigrams of each word', () => {
    // " c","co","on","nt","to","os","so" against the same with "os","ss","so": 2*7 / (7+8).
    expect(nameSimilarity('Contoso', 'Contosso')).toBeCloseTo(14 / 15, 10);
    // 腾讯科技 against 腾讯科技 深圳: 4 shared bigrams of 4 + 6.
    expect(nameSimilarity('腾讯科技（深圳）有限公司', '腾讯科技有限公司')).toBeCloseTo(0.8, 10);
    expect(nameSimilarity('Contoso', 'Fabrikam')).toBe(0);
    expect(nameSimilarity('', '')).toBe(0);
  });
});

describe('large blocks', () => {
  it('property: prefix filtering visits every pair of names that can reach the threshold', () => {
    // Few letters, so names share many bigrams, repeats included ("aaa a").
    const name = fc.stringMatching(/^[ab c.]{0,14}$/);
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 25 }),
        fc.array(name, { maxLength: 25 }),
        fc.constantFrom(0.3, 0.6, 0.8, 1),
        (lefts, rights, threshold) => {
          const left = lefts.map(nameProfile);
          const right = rights.map(nameProfile);
          const visited = new Set<string>();
          forEachMaybeAlike(left, right, threshold, (i, j) => {
            expect(visited.has(`${i},${j}`)).toBe(false);
            visited.add(`${i},${j}`);
          });
          left.forEach((a, i) => {
            right.forEach((b, j) => {
              if (profileSimilarity(a, b) >= threshold) expect(visited.has(`${i},${j}`)).toBe(true);
            });
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a postal code shared by hundreds of records a side (a placeholder) still finds every pair', () => {
    const at = { country: 'DE', postalCode: '00000' };
    const names = Array.from(
      { length: 400 },
      (_, i) => `Customer ${i.toString(36)}${(i * 7919).toString(36)}`,
    );
    const result = matchRecords(
      names.map((customerName, i) => referral(`R${i}`, { ...at, customerName, dealValue: 1000 * (i + 1) })),
      names.map((customerName, i) =>
        opportunity(`O${i}`, { ...at, customerName: customerName.toUpperCase(), dealValue: 1000 * (i + 1) }),
      ),
    );
    // Every name matches its own copy best (1), and no other one about as well.
    expect(result.flagged).toEqual([]);
    expect(result.proposed).toHaveLength(names.length);
    expect(result.proposed.every((p) => p.referralId.slice(1) === p.opportunityId.slice(1))).toBe(true);
  });
});

describe('scoring curves', () => {
  it('deal values agree fully within 10%, not at all from 50%, linearly between', () => {
    const value = (a: number, b: number): number | null =>
      valueAgreement({ dealValue: a, currency: undefined }, { dealValue: b, currency: undefined });
    expect(value(1000, 900)).toBe(1);
    expect(value(1000, 700)).toBeCloseTo(0.5, 10);
    expect(value(1000, 500)).toBe(0);
    expect(value(0, 0)).toBe(1);
    expect(
      valueAgreement({ dealValue: 1000, currency: undefined }, { dealValue: undefined, currency: 'EUR' }),
    ).toBeNull();
    expect(valueAgreement({ dealValue: 1000, currency: 'EUR' }, { dealValue: 1000, currency: 'USD' })).toBe(
      0,
    );
  });

  it('close dates agree fully within half the window, not at all from its edge, linearly between', () => {
    expect(dateAgreement(0, 30)).toBe(1);
    expect(dateAgreement(15, 30)).toBe(1);
    expect(dateAgreement(16, 30)).toBeCloseTo(14 / 15, 10);
    expect(dateAgreement(29, 30)).toBeCloseTo(1 / 15, 10);
    expect(dateAgreement(30, 30)).toBe(0);
    expect(dateAgreement(31, 30)).toBe(0);
    expect(dateAgreement(0, 0)).toBe(1);
    expect(dateAgreement(1, 0)).toBe(0);
  });
});

describe('strong ids', () => {
  it("R8: an opportunity whose Referral Identifier names a referral is that referral's deal", () => {
    const result = matchRecords([referral('R1')], [opportunity('O1', { referralId: 'R1' })]);
    expect(result).toEqual({
      exact: [
        { referralId: 'R1', opportunityId: 'O1', score: 1, evidence: [{ kind: 'referral-identifier' }] },
      ],
      ...nothingElse,
    });
  });

  it("R8: a referral whose externalReferenceId names an opportunity is that opportunity's deal", () => {
    const result = matchRecords([referral('R1', { externalReferenceId: 'O1' })], [opportunity('O1')]);
    expect(result.exact).toEqual([
      { referralId: 'R1', opportunityId: 'O1', score: 1, evidence: [{ kind: 'external-reference-id' }] },
    ]);
  });

  it('R8: both ids agreeing make one pair with both as evidence', () => {
    const result = matchRecords(
      [referral('R1', { externalReferenceId: 'O1' })],
      [opportunity('O1', { referralId: 'R1' })],
    );
    expect(result).toEqual({
      exact: [
        {
          referralId: 'R1',
          opportunityId: 'O1',
          score: 1,
          evidence: [{ kind: 'referral-identifier' }, { kind: 'external-reference-id' }],
        },
      ],
      ...nothingElse,
    });
  });

  it('R8: ids that point different ways are flagged as one group and pair nothing', () => {
    const result = matchRecords(
      [referral('R1', { externalReferenceId: 'O2' }), referral('R2')],
      [opportunity('O1', { referralId: 'R1' }), opportunity('O2')],
    );
    expect(result.exact).toEqual([]);
    expect(result.flagged).toEqual([
      {
        reason: 'ids-disagree',
        referralIds: ['R1'],
        opportunityIds: ['O1', 'O2'],
        candidates: [
          { referralId: 'R1', opportunityId: 'O1', score: 1, evidence: [{ kind: 'referral-identifier' }] },
          { referralId: 'R1', opportunityId: 'O2', score: 1, evidence: [{ kind: 'external-reference-id' }] },
        ],
      },
    ]);
    expect(result.unmatchedReferrals).toEqual(['R2']);
    expect(result.unmatchedOpportunities).toEqual([]);
  });

  it('R8: two opportunities naming one referral (a cloned opportunity) disagree', () => {
    const result = matchRecords(
      [referral('R1')],
      [opportunity('O1', { referralId: 'R1' }), opportunity('O2', { referralId: 'R1' })],
    );
    expect(result.exact).toEqual([]);
    expect(result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds])).toEqual([
      ['ids-disagree', ['R1'], ['O1', 'O2']],
    ]);
  });

  it('ids naming nothing on the other side are no evidence; GUIDs match in any case and with braces', () => {
    const guid = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const result = matchRecords(
      [referral(guid), referral('R2', { externalReferenceId: 'O-gone' })],
      [
        opportunity('O1', { referralId: `{${guid.toUpperCase()}}` }),
        opportunity('O2', { referralId: 'R-gone' }),
      ],
    );
    expect(result.exact.map((p) => [p.referralId, p.opportunityId])).toEqual([[guid, 'O1']]);
    expect(result.unmatchedReferrals).toEqual(['R2']);
    expect(result.unmatchedOpportunities).toEqual(['O2']);
  });

  it("R8: Microsoft's side of a co-sell never pairs by ids, and is never reported unmatched", () => {
    const microsoft = referral('M1', { microsoftSide: true, externalReferenceId: 'O1', engagementId: 'E1' });
    const result = matchRecords([microsoft], [opportunity('O1', { referralId: 'M1' })]);
    expect(result).toEqual({ ...nothingElse, exact: [], unmatchedOpportunities: ['O1'] });
  });
});

describe('Microsoft CRM Identifier', () => {
  const microsoft = referral('M1', { microsoftSide: true, engagementId: 'E1' });

  it("R8: names Microsoft's referral, whose engagement holds the partner's referral of the deal", () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1' }), referral('P2', { engagementId: 'E2' })],
      [opportunity('O1', { microsoftCrmId: 'M1' })],
    );
    expect(result).toEqual({
      ...nothingElse,
      exact: [
        {
          referralId: 'P1',
          opportunityId: 'O1',
          score: 1,
          evidence: [{ kind: 'microsoft-crm-identifier', microsoftReferralId: 'M1', engagementId: 'E1' }],
        },
      ],
      unmatchedReferrals: ['P2'],
    });
  });

  it('only counts for records the stronger ids left', () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1' }), referral('P9', { externalReferenceId: 'O1' })],
      [opportunity('O1', { microsoftCrmId: 'M1' })],
    );
    expect(result.exact.map((p) => [p.referralId, p.opportunityId, p.evidence[0]?.kind])).toEqual([
      ['P9', 'O1', 'external-reference-id'],
    ]);
    expect(result.unmatchedReferrals).toEqual(['P1']);
  });

  it('R8: two partner referrals in the engagement are ambiguous: flagged, not paired', () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1' }), referral('P2', { engagementId: 'E1' })],
      [opportunity('O1', { microsoftCrmId: 'M1' })],
    );
    expect(result.exact).toEqual([]);
    expect(
      result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds, g.candidates.length]),
    ).toEqual([['ids-disagree', ['P1', 'P2'], ['O1'], 2]]);
    expect(result.unmatchedReferrals).toEqual([]);
  });

  it('R8: two opportunities naming one Microsoft referral are ambiguous: flagged, not paired', () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1' })],
      [opportunity('O1', { microsoftCrmId: 'M1' }), opportunity('O2', { microsoftCrmId: 'M1' })],
    );
    expect(result.exact).toEqual([]);
    expect(result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds])).toEqual([
      ['ids-disagree', ['P1'], ['O1', 'O2']],
    ]);
  });

  it('R8: a copy of a linked opportunity, naming the same engagement, is a duplicate of the linked deal', () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1' })],
      [opportunity('O1', { referralId: 'P1' }), opportunity('O2', { microsoftCrmId: 'M1' })],
    );
    expect(result.exact.map((p) => [p.referralId, p.opportunityId])).toEqual([['P1', 'O1']]);
    expect(result.flagged).toEqual([
      {
        reason: 'duplicate-of-linked',
        referralIds: ['P1'],
        opportunityIds: ['O1', 'O2'],
        candidates: [
          {
            referralId: 'P1',
            opportunityId: 'O2',
            score: 1,
            evidence: [{ kind: 'microsoft-crm-identifier', microsoftReferralId: 'M1', engagementId: 'E1' }],
          },
        ],
      },
    ]);
    expect(result.unmatchedOpportunities).toEqual([]);
  });

  it('R8: a Microsoft CRM Identifier reaching records whose ids already disagree joins their group', () => {
    const result = matchRecords(
      [microsoft, referral('P1', { engagementId: 'E1', externalReferenceId: 'O2' })],
      [
        opportunity('O1', { referralId: 'P1' }),
        opportunity('O2'),
        opportunity('O3', { microsoftCrmId: 'M1' }),
      ],
    );
    expect(result.exact).toEqual([]);
    expect(
      result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds, g.candidates.length]),
    ).toEqual([['ids-disagree', ['P1'], ['O1', 'O2', 'O3'], 3]]);
    expect(result.unmatchedOpportunities).toEqual([]);
  });

  it('a Microsoft referral without an engagement, or an engagement without a partner referral, ties nothing', () => {
    const result = matchRecords(
      [referral('M2', { microsoftSide: true }), microsoft, referral('P1', { engagementId: 'E7' })],
      [opportunity('O1', { microsoftCrmId: 'M2' }), opportunity('O2', { microsoftCrmId: 'M1' })],
    );
    expect(result.exact).toEqual([]);
    expect(result.unmatchedReferrals).toEqual(['P1']);
    expect(result.unmatchedOpportunities).toEqual(['O1', 'O2']);
  });
});

describe('fuzzy proposals', () => {
  it('R8: the same customer at the same address is proposed, never linked, with its score explained', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, dealValue: 1000, currency: 'EUR', closeDate: '2026-06-01' })],
      [
        opportunity('O1', {
          customerName: 'CONTOSO LIMITED',
          country: 'nl',
          postalCode: '1011-ab',
          dealValue: 1050,
          currency: 'eur',
          closeDate: '2026-06-11',
        }),
      ],
    );
    expect(result).toEqual({
      ...nothingElse,
      exact: [],
      proposed: [
        {
          referralId: 'R1',
          opportunityId: 'O1',
          score: 1,
          evidence: [
            {
              kind: 'fuzzy',
              name: 1,
              postalCode: true,
              country: true,
              dealValue: 1,
              closeDate: 1,
              closeDateDays: 10,
            },
          ],
        },
      ],
    });
  });

  it('scores 0.5 * name + 0.25 * value + 0.25 * date, to 3 decimals', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, dealValue: 1000, closeDate: '2026-06-01' })],
      [opportunity('O1', { ...contoso, dealValue: 1300, closeDate: '2026-06-21' })],
    );
    // value: 300 / 1300 = 23.1% apart -> (0.5 - 0.231) / 0.4 = 0.673; date: 20 days -> (30 - 20) / 15.
    expect(result.proposed).toEqual([
      {
        referralId: 'R1',
        opportunityId: 'O1',
        score: 0.835,
        evidence: [
          {
            kind: 'fuzzy',
            name: 1,
            postalCode: true,
            country: true,
            dealValue: 0.673,
            closeDate: 0.667,
            closeDateDays: 20,
          },
        ],
      },
    ]);
  });

  it('counts a value or date either side lacks as unknown (0.5): an exact name alone reaches 0.75', () => {
    const result = matchRecords([referral('R1', { ...contoso, dealValue: 5 })], [opportunity('O1', contoso)]);
    expect(result.proposed).toEqual([
      {
        referralId: 'R1',
        opportunityId: 'O1',
        score: 0.75,
        evidence: [
          {
            kind: 'fuzzy',
            name: 1,
            postalCode: true,
            country: true,
            dealValue: null,
            closeDate: null,
            closeDateDays: null,
          },
        ],
      },
    ]);
  });

  it('does not propose a pair below minScore', () => {
    // Contoso against Contosso: name 0.933 -> 0.467 + 0.25 unknown = 0.717.
    const records = [
      [referral('R1', contoso)],
      [opportunity('O1', { ...contoso, customerName: 'Contosso' })],
    ] as const;
    expect(matchRecords(...records)).toEqual({
      ...nothingElse,
      exact: [],
      unmatchedReferrals: ['R1'],
      unmatchedOpportunities: ['O1'],
    });
    expect(matchRecords(...records, { minScore: 0.7 }).proposed.map((p) => p.score)).toEqual([0.717]);
  });

  it('compares only records with the same country and postal code, both present', () => {
    const result = matchRecords(
      [
        referral('R1', { ...contoso, postalCode: '1011 AC' }),
        referral('R2', { ...contoso, country: 'BE' }),
        referral('R3', { ...contoso, postalCode: undefined }),
        referral('R4', { ...contoso, country: ' ' }),
      ],
      [opportunity('O1', contoso), opportunity('O2', { ...contoso, postalCode: undefined })],
      { minScore: 0 },
    );
    expect(result.proposed).toEqual([]);
  });

  it('never pairs names less alike than 0.6, whatever the value and date', () => {
    const deal = { dealValue: 1000, currency: 'EUR', closeDate: '2026-06-01' };
    const result = matchRecords(
      [referral('R1', { ...contoso, ...deal })],
      [opportunity('O1', { ...contoso, ...deal, customerName: 'Contoso Pharmaceuticals Europe' })],
      { minScore: 0 },
    );
    expect(nameSimilarity('Contoso', 'Contoso Pharmaceuticals Europe')).toBeLessThan(0.6);
    expect(result.proposed).toEqual([]);
  });

  it('matches Chinese customer names with and without their legal form', () => {
    const shenzhen = { country: 'CN', postalCode: '518057' };
    const result = matchRecords(
      [referral('R1', { ...shenzhen, customerName: '腾讯科技（深圳）有限公司', closeDate: '2026-03-01' })],
      [opportunity('O1', { ...shenzhen, customerName: '腾讯科技有限公司', closeDate: '2026-03-01' })],
    );
    // 0.5 * 0.8 + 0.25 * unknown 0.5 + 0.25 * 1
    expect(result.proposed.map((p) => [p.referralId, p.opportunityId, p.score])).toEqual([
      ['R1', 'O1', 0.775],
    ]);
  });

  it('deal values in different currencies count 0 against each other', () => {
    const records = [
      [referral('R1', { ...contoso, dealValue: 1000, currency: 'EUR' })],
      [opportunity('O1', { ...contoso, dealValue: 1000, currency: 'USD' })],
    ] as const;
    expect(matchRecords(...records).proposed).toEqual([]);
    const [pair] = matchRecords(...records, { minScore: 0 }).proposed;
    expect(pair?.score).toBe(0.625);
    expect(pair?.evidence).toEqual([expect.objectContaining({ kind: 'fuzzy', dealValue: 0 })]);
  });

  it('close dates: full within half the window, nothing at its edge', () => {
    const closingOn = (closeDate: string) => opportunity(`O-${closeDate}`, { ...contoso, closeDate });
    const scored = (closeDate: string, windowDays?: number): unknown => {
      const options =
        windowDays === undefined ? { minScore: 0 } : { minScore: 0, closeDateWindowDays: windowDays };
      const [pair] = matchRecords(
        [referral('R1', { ...contoso, closeDate: '2026-01-31' })],
        [closingOn(closeDate)],
        options,
      ).proposed;
      const evidence = pair?.evidence[0];
      return evidence?.kind === 'fuzzy' ? [evidence.closeDateDays, evidence.closeDate] : undefined;
    };
    expect(scored('2026-02-15')).toEqual([15, 1]);
    expect(scored('2026-01-15')).toEqual([16, 0.933]);
    expect(scored('2026-03-02')).toEqual([30, 0]);
    expect(scored('2026-03-03')).toEqual([31, 0]);
    expect(scored('2026-02-05', 10)).toEqual([5, 1]);
    expect(scored('2026-02-10', 10)).toEqual([10, 0]);
    // Not a date: unknown.
    expect(scored('2026-02-30')).toEqual([null, null]);
  });

  it('assigns greedily, best first, each record once', () => {
    const result = matchRecords(
      [
        referral('R1', { ...contoso, dealValue: 1000, closeDate: '2026-06-01' }),
        referral('R2', { ...contoso, dealValue: 2000, closeDate: '2026-06-01' }),
      ],
      [
        opportunity('O1', { ...contoso, dealValue: 1000, closeDate: '2026-06-01' }),
        opportunity('O2', { ...contoso, dealValue: 2100, closeDate: '2026-06-01' }),
      ],
    );
    expect(result.proposed.map((p) => [p.referralId, p.opportunityId, p.score])).toEqual([
      ['R1', 'O1', 1],
      ['R2', 'O2', 1],
    ]);
  });
});

describe('duplicates', () => {
  const deal = { dealValue: 1000, currency: 'EUR', closeDate: '2026-06-01' } as const;

  it('R8: an opportunity entered twice by hand is flagged, not proposed', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, ...deal })],
      [
        opportunity('O1', { ...contoso, ...deal }),
        opportunity('O2', { ...contoso, ...deal, customerName: 'Contoso Limited', dealValue: 1020 }),
        opportunity('O3', { ...contoso, ...deal, dealValue: 1400 }),
      ],
    );
    expect(result.proposed).toEqual([]);
    expect(result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds])).toEqual([
      ['crm-duplicates', ['R1'], ['O1', 'O2']],
    ]);
    expect(result.flagged[0]?.candidates.map((p) => p.score)).toEqual([1, 1]);
    // O3 scores 0.884, not about equal to the best: it is no duplicate, only not this referral's deal.
    expect(result.unmatchedOpportunities).toEqual(['O3']);
  });

  it('a clearly better candidate is proposed; candidates beyond the margin are not duplicates', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, ...deal })],
      [
        opportunity('O1', { ...contoso, ...deal }),
        opportunity('O2', { ...contoso, ...deal, dealValue: 1400 }),
      ],
    );
    expect(result.proposed.map((p) => [p.referralId, p.opportunityId])).toEqual([['R1', 'O1']]);
    expect(result.flagged).toEqual([]);
    expect(result.unmatchedOpportunities).toEqual(['O2']);
    // With a wider margin, 0.875 is about equal to 1.
    expect(
      matchRecords(
        [referral('R1', { ...contoso, ...deal })],
        [
          opportunity('O1', { ...contoso, ...deal }),
          opportunity('O2', { ...contoso, ...deal, dealValue: 1400 }),
        ],
        { duplicateMargin: 0.2 },
      ).flagged.map((g) => g.reason),
    ).toEqual(['crm-duplicates']);
  });

  it('R8: a referral registered twice in Partner Center is flagged, not proposed', () => {
    const result = matchRecords(
      [
        referral('R1', { ...contoso, ...deal }),
        referral('R2', { ...contoso, ...deal, closeDate: '2026-06-05' }),
      ],
      [opportunity('O1', { ...contoso, ...deal })],
    );
    expect(result.proposed).toEqual([]);
    expect(result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds])).toEqual([
      ['partner-center-duplicates', ['R1', 'R2'], ['O1']],
    ]);
    expect(result.unmatchedReferrals).toEqual([]);
  });

  it('R8: duplicates on both sides of one deal make one group', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, ...deal }), referral('R2', { ...contoso, ...deal })],
      [opportunity('O1', { ...contoso, ...deal }), opportunity('O2', { ...contoso, ...deal })],
    );
    expect(result.proposed).toEqual([]);
    expect(
      result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds, g.candidates.length]),
    ).toEqual([['crm-duplicates', ['R1', 'R2'], ['O1', 'O2'], 4]]);
  });

  it('R8: a second opportunity of a linked deal is flagged with the pair it copies, not proposed nor unmatched', () => {
    const result = matchRecords(
      [referral('R1', { ...contoso, ...deal }), referral('R2', { ...fabrikam, ...deal })],
      [
        opportunity('O1', { ...contoso, ...deal, referralId: 'R1' }),
        opportunity('O2', { ...contoso, ...deal, customerName: 'CONTOSO', closeDate: '2026-06-20' }),
        opportunity('O3', { ...fabrikam, ...deal }),
      ],
    );
    expect(result.exact.map((p) => [p.referralId, p.opportunityId])).toEqual([['R1', 'O1']]);
    expect(result.proposed.map((p) => [p.referralId, p.opportunityId])).toEqual([['R2', 'O3']]);
    expect(result.flagged).toEqual([
      {
        reason: 'duplicate-of-linked',
        referralIds: ['R1'],
        opportunityIds: ['O1', 'O2'],
        candidates: [
          {
            referralId: 'R1',
            opportunityId: 'O2',
            score: 0.933,
            evidence: [
              {
                kind: 'fuzzy',
                name: 1,
                postalCode: true,
                country: true,
                dealValue: 1,
                closeDate: 0.733,
                closeDateDays: 19,
              },
            ],
          },
        ],
      },
    ]);
    expect(result.unmatchedOpportunities).toEqual([]);
  });

  it('R8: a second referral of a linked deal is flagged with the pair it copies', () => {
    const result = matchRecords(
      [
        referral('R1', { ...contoso, ...deal, externalReferenceId: 'O1' }),
        referral('R2', { ...contoso, ...deal }),
      ],
      [opportunity('O1', { ...contoso, ...deal })],
    );
    expect(result.exact.map((p) => [p.referralId, p.opportunityId])).toEqual([['R1', 'O1']]);
    expect(result.flagged.map((g) => [g.reason, g.referralIds, g.opportunityIds, g.candidates])).toEqual([
      [
        'duplicate-of-linked',
        ['R1', 'R2'],
        ['O1'],
        [expect.objectContaining({ referralId: 'R2', opportunityId: 'O1', score: 1 })],
      ],
    ]);
    expect(result.unmatchedReferrals).toEqual([]);
  });

  it('a record proposed to another deal is not also a duplicate of a linked one', () => {
    const result = matchRecords(
      [
        referral('R1', { ...contoso, ...deal, externalReferenceId: 'O1' }),
        referral('R2', { ...contoso, ...deal }),
      ],
      [opportunity('O1', { ...contoso, ...deal }), opportunity('O2', { ...contoso, ...deal })],
    );
    expect(result.proposed.map((p) => [p.referralId, p.opportunityId])).toEqual([['R2', 'O2']]);
    expect(result.flagged).toEqual([]);
  });
});

describe('the answer as a whole', () => {
  const records = (): [ReferralDigest[], OpportunityDigest[]] => {
    const deal = { dealValue: 1000, currency: 'EUR', closeDate: '2026-06-01' };
    const elsewhere = { country: 'DE', postalCode: '10115' };
    return [
      [
        referral('R1', { externalReferenceId: 'O1' }),
        referral('R2', { externalReferenceId: 'O3' }),
        referral('M1', { microsoftSide: true, engagementId: 'E1' }),
        referral('R3', { engagementId: 'E1' }),
        referral('R4', { ...contoso, ...deal }),
        referral('R5', { ...fabrikam, ...deal }),
        referral('R6', { ...fabrikam, ...deal }),
        referral('R7', { ...elsewhere, customerName: 'Litware', ...deal }),
        referral('R8', { ...elsewhere, customerName: 'Litware GmbH', ...deal, dealValue: 1500 }),
        referral('R9'),
      ],
      [
        opportunity('O1', { referralId: 'R1' }),
        opportunity('O2', { referralId: 'R2' }),
        opportunity('O3'),
        opportunity('O4', { microsoftCrmId: 'M1' }),
        opportunity('O5', { ...contoso, ...deal }),
        opportunity('O6', { ...fabrikam, ...deal }),
        opportunity('O7', { ...elsewhere, customerName: 'LITWARE', ...deal }),
        opportunity('O8'),
      ],
    ];
  };

  it('R8: is the same, to the last array order, however the records are ordered', () => {
    const [referrals, opportunities] = records();
    const expected = matchRecords(referrals, opportunities);
    expect(expected.exact.map((p) => p.opportunityId)).toEqual(['O1', 'O4']);
    expect(expected.proposed.map((p) => [p.referralId, p.opportunityId])).toEqual([
      ['R4', 'O5'],
      ['R7', 'O7'],
    ]);
    expect(expected.flagged.map((g) => g.reason)).toEqual(['ids-disagree', 'partner-center-duplicates']);
    expect(expected.unmatchedReferrals).toEqual(['R8', 'R9']);
    expect(expected.unmatchedOpportunities).toEqual(['O8']);
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const shuffled = <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    };
    for (let run = 0; run < 20; run++) {
      expect(matchRecords(shuffled(referrals), shuffled(opportunities))).toEqual(expected);
    }
  });

  it('is plain JSON', () => {
    const result = matchRecords(...records());
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('places every partner referral and every opportunity exactly once (exact pairs aside in their duplicate groups)', () => {
    const [referrals, opportunities] = records();
    const result = matchRecords(referrals, opportunities);
    const placed = (ids: (r: MatchResult) => string[]): string[] => ids(result).sort();
    expect(
      placed((r) => [
        ...r.exact.map((p) => p.referralId),
        ...r.proposed.map((p) => p.referralId),
        ...r.flagged.filter((g) => g.reason !== 'duplicate-of-linked').flatMap((g) => g.referralIds),
        ...r.unmatchedReferrals,
      ]),
    ).toEqual(
      referrals
        .filter((r) => !r.microsoftSide)
        .map((r) => r.id)
        .sort(),
    );
    expect(
      placed((r) => [
        ...r.exact.map((p) => p.opportunityId),
        ...r.proposed.map((p) => p.opportunityId),
        ...r.flagged.filter((g) => g.reason !== 'duplicate-of-linked').flatMap((g) => g.opportunityIds),
        ...r.unmatchedOpportunities,
      ]),
    ).toEqual(opportunities.map((o) => o.id).sort());
  });

  it('counts a record listed twice once', () => {
    const result = matchRecords(
      [referral('R1'), referral('R1')],
      [opportunity('O1', { referralId: 'R1' }), opportunity('O1', { referralId: 'R1' })],
    );
    expect(result).toEqual({ ...nothingElse, exact: [expect.objectContaining({ referralId: 'R1' })] });
  });

  it('refuses options out of range; undefined options are the defaults', () => {
    expect(() => matchRecords([], [], { minScore: 2 })).toThrow(RangeError);
    expect(() => matchRecords([], [], { closeDateWindowDays: -1 })).toThrow(RangeError);
    expect(() => matchRecords([], [], { duplicateMargin: Number.NaN })).toThrow(RangeError);
    expect(defaultMatchOptions).toEqual({ closeDateWindowDays: 30, minScore: 0.75, duplicateMargin: 0.05 });
  });

  it('R8: 20,000 referrals against 20,000 opportunities', () => {
    const n = 20_000;
    // Names from a fixed pseudo-random sequence: unrelated names, several deals per postal code.
    let seed = 11;
    const letter = (): string => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26));
    const word = (): string => Array.from({ length: 7 }, letter).join('');
    const referrals: ReferralDigest[] = [];
    const opportunities: OpportunityDigest[] = [];
    for (let i = 0; i < n; i++) {
      const name = `${word()} ${word()}`;
      const at = { country: i % 3 === 0 ? 'NL' : 'DE', postalCode: String(i % 2000).padStart(5, '0') };
      const deal = { dealValue: 1000 + i, currency: 'EUR', closeDate: '2026-06-01' };
      const kind = i % 4;
      referrals.push(
        referral(`R${i}`, {
          ...at,
          ...deal,
          customerName: `${name} B.V.`,
          externalReferenceId: kind === 1 ? `O${i}` : undefined,
        }),
      );
      opportunities.push(
        opportunity(`O${i}`, {
          ...at,
          ...deal,
          customerName: kind === 3 ? `${word()} ${word()}` : name.toUpperCase(),
          referralId: kind === 0 ? `R${i}` : undefined,
        }),
      );
    }
    const result = matchRecords(referrals, opportunities);
    expect(result.exact).toHaveLength(n / 2);
    expect(result.proposed).toHaveLength(n / 4);
    expect(result.proposed.every((p) => p.referralId.slice(1) === p.opportunityId.slice(1))).toBe(true);
    expect(result.flagged).toEqual([]);
    expect(result.unmatchedReferrals).toHaveLength(n / 4);
    expect(result.unmatchedOpportunities).toHaveLength(n / 4);
  });
});
