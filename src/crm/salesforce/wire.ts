// Salesforce REST API shapes we read (spec: remote-apis.md §4). Every response is parsed with one of these
// before use; unknown fields are kept (looseObject) so a newer API version never breaks parsing. Fields a
// query may leave out are optional; fields Salesforce sends as null when empty are nullish.
import { z } from 'zod';

const text = z.string().nullish();

/** `attributes` Salesforce puts on every record; kept loose, we never rely on it. */
const SfAttributes = z.looseObject({ type: z.string(), url: z.string().optional() }).optional();

export const SfOpportunitySchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  Name: text,
  StageName: z.string().optional(),
  IsClosed: z.boolean().optional(),
  IsWon: z.boolean().optional(),
  Amount: z.number().nullish(),
  CloseDate: text,
  Description: text,
  AccountId: text,
  OwnerId: text,
  /** Present only in multi-currency orgs. */
  CurrencyIsoCode: text,
  SystemModstamp: z.string().optional(),
  LastModifiedById: text,
  Sync_with_Partner_Center__c: z.boolean().nullish(),
  Referral_Identifier__c: text,
  Referral_Link__c: text,
  How_can_Microsoft_help__c: text,
  Microsoft_CRM_Identifier__c: text,
  Partner_Center_Audit__c: text,
});
export type SfOpportunity = z.infer<typeof SfOpportunitySchema>;

export const SfAccountSchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  Name: z.string(),
  BillingStreet: text,
  BillingCity: text,
  BillingState: text,
  BillingPostalCode: text,
  BillingCountry: text,
});
export type SfAccount = z.infer<typeof SfAccountSchema>;

export const SfContactSchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  AccountId: text,
  FirstName: text,
  LastName: text,
  Email: text,
  Phone: text,
});
export type SfContact = z.infer<typeof SfContactSchema>;

export const SfContactRoleSchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  OpportunityId: z.string(),
  ContactId: z.string(),
  IsPrimary: z.boolean().optional(),
  /** The related contact, with only the fields the query selected. */
  Contact: SfContactSchema.partial().nullish(),
});
export type SfContactRole = z.infer<typeof SfContactRoleSchema>;

export const SfSolutionSchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  Name: text,
  Solution_Id__c: text,
  Opportunity__c: text,
});
export type SfSolution = z.infer<typeof SfSolutionSchema>;

export const SfUserSchema = z.looseObject({
  attributes: SfAttributes,
  Id: z.string(),
  Username: z.string().optional(),
  Email: text,
  Name: text,
  IsActive: z.boolean().optional(),
  Profile: z
    .looseObject({
      Name: text,
      PermissionsModifyAllData: z.boolean().nullish(),
      PermissionsCustomizeApplication: z.boolean().nullish(),
    })
    .nullish(),
});
export type SfUser = z.infer<typeof SfUserSchema>;

export const SfCurrencyTypeSchema = z.looseObject({
  attributes: SfAttributes,
  IsoCode: z.string(),
  IsActive: z.boolean().optional(),
  IsCorporate: z.boolean().optional(),
});

/** Only Id and SystemModstamp: what the change feed's cursor needs. */
export const SfStampSchema = z.looseObject({ Id: z.string(), SystemModstamp: z.string() });

/** One batch of a SOQL query; follow `nextRecordsUrl` for the next (≤2,000 records a batch). */
export function SfQueryResult<T extends z.ZodType>(record: T) {
  return z.looseObject({
    totalSize: z.number(),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(record),
  });
}
export type SfQueryResult<T> = {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string | undefined;
  records: T[];
};

/** Salesforce's REST error body: always an array. */
export const SfErrorArraySchema = z.array(
  z.looseObject({
    message: z.string().default(''),
    errorCode: z.string(),
    fields: z.array(z.string()).optional(),
  }),
);
export type SfErrorArray = z.infer<typeof SfErrorArraySchema>;

/** A per-record error of sObject Collections and composite collection results (`statusCode`, not `errorCode`). */
export const SfRecordErrorSchema = z.looseObject({
  statusCode: z.string(),
  message: z.string().default(''),
  fields: z.array(z.string()).optional(),
});

/** sObject Collections create/update/upsert: one result per record, in order. */
export const SfCollectionResultSchema = z.array(
  z.looseObject({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(SfRecordErrorSchema).default([]),
    created: z.boolean().optional(),
  }),
);
export type SfCollectionResult = z.infer<typeof SfCollectionResultSchema>;

/** POST /sobjects/{Obj} and upsert by external id. */
export const SfSaveResultSchema = z.looseObject({
  id: z.string(),
  success: z.boolean(),
  errors: z.array(z.unknown()).default([]),
  created: z.boolean().optional(),
});

/** POST /composite: one answer per subrequest, in order; each keeps its own status and body. */
export const SfCompositeResponseSchema = z.looseObject({
  compositeResponse: z.array(
    z.looseObject({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).default({}),
      httpStatusCode: z.number(),
      referenceId: z.string(),
    }),
  ),
});
export type SfCompositeResponse = z.infer<typeof SfCompositeResponseSchema>;
export type SfSubresponse = SfCompositeResponse['compositeResponse'][number];

/** The token endpoint's answer. Salesforce sends no expires_in: a session lasts until a 401 says otherwise. */
export const SfTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  instance_url: z.string().min(1),
  /** The identity URL `<login>/id/<orgId>/<userId>`: names the org and the user without another call. */
  id: z.string().min(1),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
  signature: z.string().optional(),
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
});
export type SfTokenResponse = z.infer<typeof SfTokenResponseSchema>;

/**
 * The device flow's first answer (`response_type=device_code`). Salesforce sends no `expires_in`; `interval` is
 * the polling interval in seconds.
 */
export const SfDeviceCodeSchema = z.looseObject({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  interval: z.number().nonnegative().optional(),
  expires_in: z.number().positive().optional(),
});
export type SfDeviceCode = z.infer<typeof SfDeviceCodeSchema>;

/** The token endpoint's failures (OAuth 2.0 error response). */
export const SfOAuthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

/** GET /services/oauth2/userinfo (OpenID Connect). */
export const SfUserInfoSchema = z.looseObject({
  user_id: z.string(),
  organization_id: z.string(),
  preferred_username: z.string(),
  email: z.string().optional(),
  name: z.string().optional(),
});
export type SfUserInfo = z.infer<typeof SfUserInfoSchema>;

const SfLimit = z.looseObject({ Max: z.number(), Remaining: z.number() });

/** GET /limits: only DailyApiRequests is relied on. */
export const SfLimitsSchema = z.looseObject({ DailyApiRequests: SfLimit });
export type SfLimits = z.infer<typeof SfLimitsSchema>;
