// The referral as the emulator stores it, and a small property model of it. The model is what a typed
// backend knows about the resource (docs/remote-apis.md §1 "Referral shape"; referral-resources.md): $filter paths, JSON
// Patch paths and request bodies are checked against it, unknown properties are refused in paths and dropped
// from bodies (as a typed .NET model binder does), and enum values are matched case-insensitively and stored
// in their canonical spelling (as Json.NET's enum converter does).

import {
  pcAssistanceRequestCodes,
  pcDirections,
  pcQualifications,
  pcReferralStatuses,
  pcReferralSubstatuses,
  pcReferralTypes,
  pcSalesStages,
  pcSolutionTypes,
  pcTargetTypes,
} from '../wire.js';

// The documented values are the wire's (../wire.ts): one list, shared by our client and this emulator.
export const statuses = pcReferralStatuses;
export const substatuses = pcReferralSubstatuses;
export const qualifications = pcQualifications;
export const referralTypes = pcReferralTypes;
export const directions = pcDirections;
export const salesStages = pcSalesStages;
export const targetTypes = pcTargetTypes;
export const solutionTypes = pcSolutionTypes;
export const assistanceRequestCodes = pcAssistanceRequestCodes;

export type ReferralStatus = (typeof statuses)[number];
export type ReferralSubstatus = (typeof substatuses)[number];

/** Microsoft's own organisation: owner of the related referrals of a co-sell (docs/remote-apis.md §1 "Related referrals"). */
export const microsoftOrganization = {
  id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  name: 'Microsoft',
} as const;

export interface EmMember {
  firstName?: string | null;
  lastName?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  contactPreference?: { locale?: string | null; disableNotifications?: boolean | null } | null;
}

export interface EmTag {
  id?: string | null;
}

export interface EmReferral {
  id: string;
  engagementId: string;
  organizationId: string;
  organizationName: string;
  name?: string | null;
  externalReferenceId?: string | null;
  createdDateTime: string;
  updatedDateTime: string;
  expirationDateTime?: string | null;
  acceptedDateTime?: string | null;
  status: ReferralStatus;
  substatus: ReferralSubstatus;
  statusReason?: string | null;
  qualification?: string | null;
  type?: string | null;
  direction?: string | null;
  salesStage?: string | null;
  campaignId?: string | null;
  favorite?: boolean | null;
  lastModifiedVia?: string | null;
  lastRunId?: string | null;
  eTag: string;
  referralSource?: string | null;
  callToAction?: string | null;
  target?: { type?: string | null; id?: string | null }[] | null;
  customerProfile?: {
    name?: string | null;
    size?: string | null;
    address?: {
      addressLine1?: string | null;
      addressLine2?: string | null;
      city?: string | null;
      state?: string | null;
      postalCode?: string | null;
      country?: string | null;
      region?: string | null;
    } | null;
    team?: EmMember[] | null;
    ids?: unknown;
  } | null;
  consent?: {
    consentToToShareInfoWithOthers?: boolean | null;
    consentToContact?: boolean | null;
    consentToShareReferralWithMicrosoftSellers?: boolean | null;
  } | null;
  details?: {
    notes?: string | null;
    dealValue?: number | null;
    currency?: string | null;
    closingDateTime?: string | null;
    customerAction?: string | null;
    customerRequestedContact?: boolean | null;
    requirements?: {
      industries?: EmTag[] | null;
      products?: EmTag[] | null;
      services?: EmTag[] | null;
      solutions?: { id?: string | null; name?: string | null; type?: string | null }[] | null;
    } | null;
  } | null;
  team?: EmMember[] | null;
  inviteContext?: {
    notes?: string | null;
    invitedBy?: { organizationId?: string | null; organizationName?: string | null } | null;
    assistanceRequestCode?: string | null;
  } | null;
  partnerRole?: unknown;
  solutionArea?: unknown;
  solutionPlay?: unknown;
}

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/** What callers hand to create/update: any subset of a referral, nested. */
export type ReferralInput = DeepPartial<EmReferral>;

export type FieldModel =
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, FieldModel>> }
  | { readonly kind: 'collection'; readonly of: FieldModel }
  /** Shape not fixed by the docs (customerProfile.ids is an array in the docs, an object in live examples). */
  | { readonly kind: 'json' };

const str: FieldModel = { kind: 'string' };
const num: FieldModel = { kind: 'number' };
const bool: FieldModel = { kind: 'boolean' };
const date: FieldModel = { kind: 'datetime' };
const json: FieldModel = { kind: 'json' };
const oneOf = (values: readonly string[]): FieldModel => ({ kind: 'string', values });
const obj = (fields: Record<string, FieldModel>): FieldModel => ({ kind: 'object', fields });
const list = (of: FieldModel): FieldModel => ({ kind: 'collection', of });

const member = obj({
  firstName: str,
  lastName: str,
  phoneNumber: str,
  email: str,
  contactPreference: obj({ locale: str, disableNotifications: bool }),
});
const tag = obj({ id: str });

export const referralModel = obj({
  id: str,
  engagementId: str,
  organizationId: str,
  organizationName: str,
  name: str,
  externalReferenceId: str,
  createdDateTime: date,
  updatedDateTime: date,
  expirationDateTime: date,
  acceptedDateTime: date,
  status: oneOf(statuses),
  substatus: oneOf(substatuses),
  statusReason: str,
  qualification: oneOf(qualifications),
  type: oneOf(referralTypes),
  direction: oneOf(directions),
  salesStage: oneOf(salesStages),
  campaignId: str,
  favorite: bool,
  lastModifiedVia: str,
  lastRunId: str,
  eTag: str,
  referralSource: str,
  callToAction: str,
  partnerRole: json,
  solutionArea: json,
  solutionPlay: json,
  target: list(obj({ type: oneOf(targetTypes), id: str })),
  customerProfile: obj({
    name: str,
    size: str,
    address: obj({
      addressLine1: str,
      addressLine2: str,
      city: str,
      state: str,
      postalCode: str,
      country: str,
      region: str,
    }),
    team: list(member),
    ids: json,
  }),
  consent: obj({
    consentToToShareInfoWithOthers: bool,
    consentToContact: bool,
    consentToShareReferralWithMicrosoftSellers: bool,
  }),
  details: obj({
    notes: str,
    dealValue: num,
    currency: str,
    closingDateTime: date,
    customerAction: str,
    customerRequestedContact: bool,
    requirements: obj({
      industries: list(tag),
      products: list(tag),
      services: list(tag),
      solutions: list(obj({ id: str, name: str, type: oneOf(solutionTypes) })),
    }),
  }),
  team: list(member),
  inviteContext: obj({
    notes: str,
    invitedBy: obj({ organizationId: str, organizationName: str }),
    assistanceRequestCode: oneOf(assistanceRequestCodes),
  }),
});

/** Read-only to callers: the service owns these (links are rendered per response, never stored). */
export const readOnlyFields = [
  'id',
  'engagementId',
  'organizationId',
  'organizationName',
  'createdDateTime',
  'updatedDateTime',
  'eTag',
  'links',
] as const;

export function fieldOf(model: FieldModel, name: string): FieldModel | undefined {
  if (model.kind !== 'object') return undefined;
  return Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
}
