import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PcReferralSchema, type PcReferral } from '../partner-center/wire.js';
import { draftFromPcReferral, solutionIdsOf, syncedChangeOf } from './referral.js';

function referral(name: string): PcReferral {
  const url = new URL(`../../test/fixtures/partner-center/${name}`, import.meta.url);
  return PcReferralSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

describe('draftFromPcReferral', () => {
  it('R2: maps the documented co-sell referral onto the draft the rules read', () => {
    expect(draftFromPcReferral(referral('create-referral.response.json'))).toEqual({
      name: 'Test Cosell Invite_20',
      type: 'Shared',
      customer: {
        name: 'Contoso Customer Inc',
        country: 'US',
        contacts: [
          { firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@contoso.com', phone: '1234567890' },
          { firstName: 'Joe', lastName: 'Hansen', email: 'joe.hansen@contoso.com', phone: '4035698759' },
        ],
      },
      dealValue: 50000,
      currency: 'USD',
      closeDate: undefined,
      helpRequested: false,
      assistanceRequestCode: undefined,
      solutionIds: ['SOL-34104-EBB', 'Dynamics365forFieldService'],
      qualification: 'SalesQualified',
      status: 'Active',
      substatus: 'Accepted',
    });
  });

  it('R7: solution ids come from SolutionProfile targets and requirements, not other targets', () => {
    expect(
      solutionIdsOf({
        target: [
          { type: 'SolutionProfile', id: 'SOL-1' },
          { type: 'BusinessProfileLocation', id: 'msft' },
          { type: 'SolutionProfile', id: '' },
          { type: 'SolutionProfile', id: null },
        ],
        details: { requirements: { solutions: [{ id: 'SOL-1' }, { id: 'AzureStack' }, { id: ' ' }] } },
      }),
    ).toEqual(['SOL-1', 'AzureStack']);
  });

  it('R2: a referral of nulls maps without throwing', () => {
    const bare = PcReferralSchema.parse({
      id: 'x',
      name: null,
      customerProfile: { name: null, address: null, team: null },
      details: null,
      inviteContext: { assistanceRequestCode: 'GeneralOrOther' },
    });
    expect(draftFromPcReferral(bare)).toMatchObject({
      name: '',
      customer: { name: '', country: undefined, contacts: [] },
      dealValue: undefined,
      assistanceRequestCode: 'GeneralOrOther',
      solutionIds: [],
    });
  });
});

describe('syncedChangeOf', () => {
  const at = '2026-11-20T10:00:05.1234567Z';
  it('design rule 4, R8: a state counts as synced only once the referral names the linked CRM record', () => {
    expect(syncedChangeOf({ updatedDateTime: at, externalReferenceId: '006A' }, '006A')).toEqual(
      new Date('2026-11-20T10:00:05.123Z'),
    );
    // Before the write-back: the rerun of an interrupted job must not be skipped as stale.
    expect(syncedChangeOf({ updatedDateTime: at, externalReferenceId: null }, '006A')).toBeUndefined();
    expect(syncedChangeOf({ updatedDateTime: at, externalReferenceId: '006B' }, '006A')).toBeUndefined();
    expect(
      syncedChangeOf({ updatedDateTime: 'not a date', externalReferenceId: '006A' }, '006A'),
    ).toBeUndefined();
  });
});
