import { describe, expect, it } from 'vitest';
import { merge, Side } from './merge.js';
import { SkipReason } from './reasons.js';
import { coarseStatusOfStage, defaultStagePolicy, stageFor } from './status-mapping.js';
import { canonicalState, hashState, type SyncState } from './sync-state.js';

const agreed: SyncState = canonicalState({
  name: 'Contoso migration',
  dealValue: 1000,
  currency: 'USD',
  closeDate: '2026-12-31',
  notes: 'first call done',
  status: 'active',
});
const base = { partnerCenter: agreed, crm: agreed };

describe('sync state', () => {
  it('echo suppression: values that only look different hash the same', () => {
    const fromWire = canonicalState({
      name: ' Contoso migration ',
      dealValue: '1000.00',
      currency: 'usd',
      closeDate: '2026-12-31T00:00:00Z',
      notes: 'first call done',
      status: 'active',
    });
    expect(hashState(fromWire)).toBe(hashState(agreed));
    expect(hashState({ ...agreed, dealValue: 1001 })).not.toBe(hashState(agreed));
  });

  it('absent, empty and .NET "not set" values are all no value', () => {
    expect(
      canonicalState({ name: '', notes: '   ', closeDate: '0001-01-01T00:00:00', dealValue: 'ten' }),
    ).toEqual(canonicalState({}));
  });
});

describe('three-way merge per field (design rule 7)', () => {
  it('R2: no change on either side writes nothing', () => {
    const result = merge({ base, partnerCenter: agreed, crm: agreed });
    expect(result.toCrm).toEqual({});
    expect(result.toPartnerCenter).toEqual({});
  });

  it('a field changed in Partner Center only is written to the CRM, and only that field', () => {
    const result = merge({ base, partnerCenter: { ...agreed, dealValue: 2500 }, crm: agreed });
    expect(result.toCrm).toEqual({ dealValue: 2500 });
    expect(result.toPartnerCenter).toEqual({});
    expect(result.next.crm.dealValue).toBe(2500);
  });

  it('a field changed in the CRM only is written to Partner Center', () => {
    const result = merge({
      base,
      partnerCenter: agreed,
      crm: { ...agreed, notes: 'demo booked', name: 'Contoso cloud move' },
    });
    expect(result.toPartnerCenter).toEqual({ notes: 'demo booked', name: 'Contoso cloud move' });
    expect(result.toCrm).toEqual({});
  });

  it('the name does not flow from Partner Center to the CRM (field policy), and says so', () => {
    const result = merge({
      base,
      partnerCenter: { ...agreed, name: 'Renamed in Partner Center' },
      crm: agreed,
    });
    expect(result.toCrm).toEqual({});
    expect(result.skipped).toContainEqual({
      field: 'name',
      direction: 'toCrm',
      reason: SkipReason.fieldNotSynced,
    });
  });

  it('both sides changed the deal value: the CRM (its owner) wins and the losing value is reported', () => {
    const result = merge({
      base,
      partnerCenter: { ...agreed, dealValue: 3000 },
      crm: { ...agreed, dealValue: 4000 },
    });
    expect(result.toPartnerCenter).toEqual({ dealValue: 4000 });
    expect(result.toCrm).toEqual({});
    expect(result.conflicts).toEqual([{ field: 'dealValue', winner: Side.crm, lost: 3000 }]);
  });

  it('both sides changed the status: Partner Center (its owner) wins', () => {
    const result = merge({
      base,
      partnerCenter: { ...agreed, status: 'won' },
      crm: { ...agreed, status: 'lost' },
    });
    expect(result.toCrm).toEqual({ status: 'won' });
    expect(result.conflicts[0]).toMatchObject({ field: 'status', winner: Side.partnerCenter, lost: 'lost' });
  });

  it('both sides changed a field to the same value: no write, no conflict', () => {
    const result = merge({ base, partnerCenter: { ...agreed, notes: 'x' }, crm: { ...agreed, notes: 'x' } });
    expect(result.toCrm).toEqual({});
    expect(result.toPartnerCenter).toEqual({});
    expect(result.conflicts).toEqual([]);
  });

  it('R8: a referral closed as won in Partner Center is never overwritten or reopened from the CRM', () => {
    const won = { ...agreed, status: 'won' as const };
    const result = merge({
      base: { partnerCenter: won, crm: won },
      partnerCenter: won,
      crm: { ...won, status: 'active', dealValue: 9999 },
    });
    expect(result.toPartnerCenter).toEqual({});
    expect(
      result.skipped
        .filter((s) => s.reason === SkipReason.referralClosed)
        .map((s) => s.field)
        .sort(),
    ).toEqual(['dealValue', 'status']);
  });

  it('R8: a referral closed as lost in Partner Center still closes the CRM opportunity', () => {
    const result = merge({ base, partnerCenter: { ...agreed, status: 'lost' }, crm: agreed });
    expect(result.toCrm).toEqual({ status: 'lost' });
  });

  it('closing won in the CRM sends Won to Partner Center', () => {
    const result = merge({ base, partnerCenter: agreed, crm: { ...agreed, status: 'won' } });
    expect(result.toPartnerCenter).toEqual({ status: 'won' });
  });

  it('moving to the active stage accepts a pending referral', () => {
    const pending = { ...agreed, status: 'pending' as const };
    const result = merge({
      base: { partnerCenter: pending, crm: pending },
      partnerCenter: pending,
      crm: { ...pending, status: 'active' },
    });
    expect(result.toPartnerCenter).toEqual({ status: 'active' });
  });

  it('edits made while the opportunity is on hold do not sync', () => {
    const pending = { ...agreed, status: 'pending' as const };
    const result = merge({
      base: { partnerCenter: pending, crm: pending },
      partnerCenter: pending,
      crm: { ...pending, dealValue: 5 },
    });
    expect(result.toPartnerCenter).toEqual({});
    expect(result.skipped).toContainEqual({
      field: 'dealValue',
      direction: 'toPartnerCenter',
      reason: SkipReason.onHold,
    });
  });

  it('an accepted referral cannot go back to new: moving the opportunity back on hold is not sent', () => {
    const result = merge({ base, partnerCenter: agreed, crm: { ...agreed, status: 'pending' } });
    expect(result.toPartnerCenter).toEqual({});
    expect(result.skipped.map((s) => s.reason)).toContain(SkipReason.onHold);
  });
});

describe('stages', () => {
  const stage = (name: string, isClosed = false, isWon = false) => ({ name, isClosed, isWon });

  it('maps stages to statuses with the on-hold and active stage settings', () => {
    expect(coarseStatusOfStage(stage('On Hold'), defaultStagePolicy)).toBe('pending');
    expect(coarseStatusOfStage(stage('Prospecting'), defaultStagePolicy)).toBe('active');
    expect(coarseStatusOfStage(stage('Closed Won', true, true), defaultStagePolicy)).toBe('won');
    expect(coarseStatusOfStage(stage('Closed Lost', true, false), defaultStagePolicy)).toBe('lost');
  });

  it('writes a stage only when the status changes it', () => {
    expect(stageFor('active', stage('On Hold'), defaultStagePolicy)).toBe('Qualification');
    expect(stageFor('active', stage('Proposal/Price Quote'), defaultStagePolicy)).toBeUndefined();
    expect(stageFor('won', stage('Negotiation/Review'), defaultStagePolicy)).toBe('Closed Won');
    expect(stageFor('pending', undefined, defaultStagePolicy)).toBe('On Hold');
  });
});

describe('skip reasons', () => {
  it('R2: every skip reason has an English, Dutch and Chinese text for the audit timeline', async () => {
    const { skipReasons } = await import('./reasons.js');
    const { t } = await import('../../i18n/index.js');
    for (const reason of skipReasons) {
      const texts = (['en', 'nl-NL', 'zh-CN'] as const).map((locale) => t(locale, `reasons.${reason}`));
      expect(new Set(texts).size, reason).toBe(3);
      for (const text of texts) expect(text).not.toContain('reasons.');
    }
  });
});

describe('a referral as sync state', () => {
  it('reads the documented example referral', async () => {
    const { readFile } = await import('node:fs/promises');
    const { PcReferralSchema } = await import('../../partner-center/wire.js');
    const { syncStateOfReferral } = await import('./from-referral.js');
    const raw: unknown = JSON.parse(
      await readFile(
        new URL('../../../test/fixtures/partner-center/get-referral-by-id.response.json', import.meta.url),
        'utf8',
      ),
    );
    const ref = PcReferralSchema.parse(raw);
    const state = syncStateOfReferral(ref);
    expect(state.name).toBe(ref.name?.trim());
    expect(state.currency).toBe(ref.details?.currency?.toUpperCase());
    expect(state.status).toBeDefined();
  });
});
