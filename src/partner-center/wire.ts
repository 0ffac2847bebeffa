// Partner Center wire format: the Referrals API (api.partner.microsoft.com/v1.0/engagements/referrals) and the
// webhook/registration API (api.partnercenter.microsoft.com/webhooks/v1). Shapes: MicrosoftDocs/partner-rest (referral-resources.md and examples) and the Partner Center webhooks docs.
//
// Two rules shape every schema here:
// - Objects are loose at every level. We PUT whole referrals back (the obsolete PUT needs the full resource),
//   so a field this version does not know must survive a read-modify-write untouched.
// - Enum-like fields accept any string. Microsoft adds values (deal types, solution areas, substatuses) without
//   notice; refusing a whole referral over one new word would silently stop its sync. The known values are
//   exported for code that branches on them.
import { z } from 'zod';
import { referralStatuses, referralSubstatuses } from '../domain/referral-status.js';

/** A string with known values that keeps editor completion for them but accepts any other string. */
export type OpenEnum<T extends string> = T | (string & {});

function openEnum<const T extends readonly string[]>(_known: T) {
  return z.string().transform((value): OpenEnum<T[number]> => value);
}

// Optional fields arrive missing, null or (for strings) empty depending on the API version and the writer.
const text = z.string().nullish();
const flag = z.boolean().nullish();

export const pcReferralStatuses = referralStatuses;
export const pcReferralSubstatuses = referralSubstatuses;
export const pcQualifications = ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] as const;
export const pcReferralTypes = ['Shared', 'Independent'] as const;
export const pcDirections = ['Incoming', 'Outgoing'] as const;
export const pcSalesStages = ['Qualify', 'Develop', 'Propose', 'Close'] as const;
export const pcTargetTypes = ['None', 'SolutionProfile', 'BusinessProfileLocation'] as const;
export const pcSolutionTypes = ['None', 'Category', 'Name'] as const;
export const pcCustomerIdTypes = ['Duns', 'External'] as const;
export const pcAssistanceRequestCodes = [
  'Unknown',
  'GeneralOrOther',
  'CustomerTechnicalArchitecture',
  'ProofOfConceptOrDemo',
  'QuotesOrLicensing',
  'PostSalesCustomerSuccess',
  'WorkloadSpecificValueProposition',
] as const;

export const PcMemberSchema = z.looseObject({
  firstName: text,
  lastName: text,
  phoneNumber: text,
  email: text,
  contactPreference: z.looseObject({ locale: text, disableNotifications: flag }).nullish(),
});
export type PcMember = z.infer<typeof PcMemberSchema>;

export const PcTargetSchema = z.looseObject({ type: openEnum(pcTargetTypes).nullish(), id: text });
export type PcTarget = z.infer<typeof PcTargetSchema>;

const PcAddressSchema = z.looseObject({
  addressLine1: text,
  addressLine2: text,
  city: text,
  state: text,
  postalCode: text,
  country: text,
  region: text,
});

// The documented shape is an array of {profileType, id}; live responses and the list example send an object
// keyed by type ({"Duns":"123"} or {}). Both are kept as they came.
const PcCustomerIdsSchema = z.union([
  z.array(z.looseObject({ profileType: openEnum(pcCustomerIdTypes).nullish(), id: text })),
  z.record(z.string(), z.unknown()),
]);

const PcCustomerProfileSchema = z.looseObject({
  name: text,
  size: text,
  address: PcAddressSchema.nullish(),
  team: z.array(PcMemberSchema).nullish(),
  ids: PcCustomerIdsSchema.nullish(),
});

const PcTagSchema = z.looseObject({ id: text });
const PcSolutionTagSchema = z.looseObject({
  id: text,
  name: text,
  type: openEnum(pcSolutionTypes).nullish(),
});

const PcDetailsSchema = z.looseObject({
  notes: text,
  // Documented as decimal, but PATCH examples send "10000". A non-numeric string is not refused here: the
  // qualification rule reports it as a missing deal value on the record instead of failing the whole read.
  dealValue: z.union([z.number(), z.string()]).nullish(),
  currency: text,
  closingDateTime: text,
  customerAction: text,
  customerRequestedContact: flag,
  requirements: z
    .looseObject({
      industries: z.array(PcTagSchema).nullish(),
      products: z.array(PcTagSchema).nullish(),
      services: z.array(PcTagSchema).nullish(),
      solutions: z.array(PcSolutionTagSchema).nullish(),
    })
    .nullish(),
});

const PcLinkSchema = z.looseObject({ uri: text, method: text });

// The 2023+ deal-type fields; their value shapes are not documented, so a string or an object is accepted.
const laterField = z.union([z.string(), z.looseObject({})]).nullish();

const referralShape = {
  id: text,
  engagementId: text,
  organizationId: text,
  organizationName: text,
  name: text,
  externalReferenceId: text,
  createdDateTime: text,
  updatedDateTime: text,
  expirationDateTime: text,
  acceptedDateTime: text,
  status: openEnum(pcReferralStatuses).nullish(),
  substatus: openEnum(pcReferralSubstatuses).nullish(),
  statusReason: text,
  qualification: openEnum(pcQualifications).nullish(),
  type: openEnum(pcReferralTypes).nullish(),
  direction: openEnum(pcDirections).nullish(),
  salesStage: openEnum(pcSalesStages).nullish(),
  campaignId: text,
  favorite: flag,
  lastModifiedVia: text,
  lastRunId: text,
  eTag: text,
  referralSource: text,
  callToAction: text,
  partnerRole: laterField,
  solutionArea: laterField,
  solutionPlay: laterField,
  target: z.array(PcTargetSchema).nullish(),
  customerProfile: PcCustomerProfileSchema.nullish(),
  consent: z
    .looseObject({
      // Microsoft's spelling ("ToTo") is the wire name; do not correct it.
      consentToToShareInfoWithOthers: flag,
      consentToContact: flag,
      consentToShareReferralWithMicrosoftSellers: flag,
    })
    .nullish(),
  details: PcDetailsSchema.nullish(),
  team: z.array(PcMemberSchema).nullish(),
  inviteContext: z
    .looseObject({
      notes: text,
      invitedBy: z.looseObject({ organizationId: text, organizationName: text }).nullish(),
      assistanceRequestCode: openEnum(pcAssistanceRequestCodes).nullish(),
    })
    .nullish(),
  links: z.looseObject({ relatedReferrals: PcLinkSchema.nullish(), self: PcLinkSchema.nullish() }).nullish(),
};

/** A referral we are about to create: Partner Center assigns the id. */
export const PcReferralDraftSchema = z.looseObject(referralShape);
export type PcReferralDraft = z.infer<typeof PcReferralDraftSchema>;

/** A referral read from the API. The id is the one field we cannot work without (idempotency keys, links). */
export const PcReferralSchema = z.looseObject({ ...referralShape, id: z.string().min(1) });
export type PcReferral = z.infer<typeof PcReferralSchema>;

// OData omits the metadata it has nothing for; the last page simply has no nextLink.
export const PcReferralListSchema = z.looseObject({
  '@odata.context': z.string().optional(),
  '@odata.count': z.number().optional(),
  value: z.array(PcReferralSchema),
  '@odata.nextLink': z.string().optional(),
});
export type PcReferralList = z.infer<typeof PcReferralListSchema>;

// Errors (error-codes.md). The documented example itself uses "unAuthorized", which is not in the list: the
// code is an open string and callers map the status first.
export const pcErrorCodes = [
  'accessDenied',
  'generalException',
  'invalidRequest',
  'itemNotFound',
  'preconditionFailed',
  'resourceModified',
  'serviceNotAvailable',
  'unauthenticated',
] as const;

export const PcErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: openEnum(pcErrorCodes),
    // Documented as always present; still optional, so a bare code is not lost to a failed parse.
    message: text,
    // innerError nests recursively with more specific codes; kept as data for the audit.
    innerError: z.looseObject({}).nullish(),
    target: text,
  }),
});
export type PcErrorBody = z.infer<typeof PcErrorBodySchema>;

// Webhooks. Only the first two referral events are in the webhook docs; the related-referral pair comes from the
// connector docs (docs/remote-apis.md §2, "Events"). test-created is needed for the validation event.
export const pcWebhookEventNames = [
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
  'test-created',
] as const;
export type PcWebhookEventName = (typeof pcWebhookEventNames)[number];

/** The thin event Partner Center posts; it names the resource, and the referral itself is fetched by id. */
export const PcWebhookEventSchema = z.looseObject({
  EventName: openEnum(pcWebhookEventNames),
  ResourceUri: z.string(),
  ResourceName: text,
  AuditUri: text,
  ResourceChangeUtcDate: z.string(),
});
export type PcWebhookEvent = z.infer<typeof PcWebhookEventSchema>;

const plausibleId = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The referral id at the end of an event's ResourceUri. The URI's host and path differ from the Referrals API
 * (docs/remote-apis.md §2 "Payload"), so only the last segment is trusted, and only if it looks like an id: the id goes into
 * an API path, so a template placeholder ("{ReferralID}"), an encoded slash or a collection name must not.
 */
export function referralIdFromResourceUri(uri: string): string | undefined {
  if (!URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol)) return undefined;
  // Split the raw text, not URL.pathname: the parser resolves "/referrals/.." to the parent segment.
  const path = uri.replace(/^[a-z]+:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined || segments.length < 2 || !plausibleId.test(last)) return undefined;
  if (/referrals$/i.test(last)) return undefined;
  return last;
}

export const PcWebhookRegistrationSchema = z.looseObject({
  // Absent in the POST/PUT body and in some GET responses; Partner Center assigns it.
  SubscriberId: text,
  WebhookUrl: z.string(),
  WebhookEvents: z.array(z.string()),
  // Moves the signature from Authorization into x-ms-signature (referral-connectors.md).
  signatureTokenToMsSignatureHeader: flag,
});
export type PcWebhookRegistration = z.infer<typeof PcWebhookRegistrationSchema>;

export const PcValidationEventCreatedSchema = z.looseObject({ correlationId: z.string() });
export type PcValidationEventCreated = z.infer<typeof PcValidationEventCreatedSchema>;

export const PcValidationEventStatusSchema = z.looseObject({
  correlationId: text,
  partnerId: text,
  status: z.string(),
  callbackUrl: text,
  // Empty or missing while the first delivery attempt is still pending.
  results: z
    .array(
      z.looseObject({
        // "OK" in the docs; an HTTP status number is accepted as well.
        responseCode: z.union([z.string(), z.number()]).nullish(),
        responseMessage: text,
        systemError: flag,
        dateTimeUtc: text,
      }),
    )
    .nullish(),
});
export type PcValidationEventStatus = z.infer<typeof PcValidationEventStatusSchema>;
