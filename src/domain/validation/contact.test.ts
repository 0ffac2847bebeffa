import { describe, expect, it } from 'vitest';
import type { CustomerContact } from '../referral.js';
import { checkContact, isHelpRequested } from './contact.js';

describe('R2 customer contact when help is requested', () => {
  const sue: CustomerContact = { firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@contoso.com' };

  it.each([
    [{ helpRequested: true }, true],
    [{ helpRequested: false, assistanceRequestCode: 'ProofOfConceptOrDemo' }, true],
    [{ helpRequested: false, assistanceRequestCode: 'SomethingNew' }, true],
    [{ helpRequested: false, assistanceRequestCode: 'Unknown' }, false],
    [{ helpRequested: false, assistanceRequestCode: '' }, false],
    [{ helpRequested: false }, false],
  ])('R2: help requested for %j is %s', (input, expected) => {
    expect(isHelpRequested(input)).toBe(expected);
  });

  it.each([
    ['no help asked, no contacts', { helpRequested: false, contacts: [] }],
    ['help asked, named contact with e-mail', { helpRequested: true, contacts: [sue] }],
    [
      'help asked, last name and phone only',
      { helpRequested: true, contacts: [{ lastName: 'Hansen', phone: '+31 20 1234567' }] },
    ],
    [
      'help asked, one good contact among bad ones',
      { helpRequested: true, contacts: [{ email: 'a@b.c' }, sue] },
    ],
  ])('R2: passes when %s', (_label, { helpRequested, contacts }) => {
    expect(checkContact({ helpRequested, customer: { contacts } })).toEqual({ ok: true });
  });

  it.each([
    ['no contacts', []],
    ['a contact without a name', [{ email: 'sue.smith@contoso.com', phone: '123' }]],
    ['a name without e-mail or phone', [{ firstName: 'Sue', lastName: 'Smith' }]],
    ['a blank name', [{ firstName: '  ', email: 'sue.smith@contoso.com' }]],
    ['an e-mail without @ and no phone', [{ firstName: 'Sue', email: 'sue.smith' }]],
    ['a phone without digits', [{ firstName: 'Sue', phone: 'n/a' }]],
  ])('R2: help requested with %s fails', (_label, contacts) => {
    expect(
      checkContact({
        helpRequested: false,
        assistanceRequestCode: 'QuotesOrLicensing',
        customer: { contacts },
      }),
    ).toEqual({
      ok: false,
      code: 'VALIDATION_CONTACT_MISSING',
      field: 'customer.contacts',
      params: { contacts: contacts.length },
    });
  });
});
