// Dataverse's answers as zod schemas (style: wire schemas carry the system's prefix, Dv…). Loose objects:
// Dataverse adds annotations and columns freely, and a new one must never break a read. Rows name lookups
// `_<column>_value`; the co-sell columns carry the publisher prefix, so those are read by name in mapping.ts.
import { z } from 'zod';

const text = z.string().nullable().optional();
const guid = z.string().min(1);

export const DvErrorBodySchema = z.object({
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }),
});

/** The token endpoint's answer (Microsoft identity platform v2). */
export const DvTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});
export type DvTokenResponse = z.infer<typeof DvTokenResponseSchema>;

export const DvOAuthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

export const DvWhoAmISchema = z.looseObject({
  UserId: guid,
  BusinessUnitId: z.string().optional(),
  OrganizationId: z.string().optional(),
});

/** A collection answer: rows, and a next link (paging) or a delta link (change tracking). */
export function dvCollection<S extends z.ZodType>(row: S) {
  return z.looseObject({
    value: z.array(row),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
  });
}

/** An opportunity row; the prefixed co-sell columns stay in the loose remainder. */
export const DvOpportunitySchema = z.looseObject({
  '@odata.etag': z.string().optional(),
  opportunityid: guid,
  name: text,
  estimatedvalue: z.number().nullable().optional(),
  estimatedclosedate: text,
  description: text,
  stepname: text,
  salesstage: z.number().nullable().optional(),
  statecode: z.number().nullable().optional(),
  statuscode: z.number().nullable().optional(),
  _transactioncurrencyid_value: text,
  _parentaccountid_value: text,
  _parentcontactid_value: text,
  _ownerid_value: text,
  _modifiedby_value: text,
  modifiedon: text,
});
export type DvOpportunity = z.infer<typeof DvOpportunitySchema>;

/** A delta answer's row: a changed row, or `{"@odata.context": "…/$deletedEntity", id, reason}`. */
export const DvDeltaRowSchema = z.looseObject({
  '@odata.context': z.string().optional(),
  id: z.string().optional(),
  reason: z.string().optional(),
});

export const DvAccountSchema = z.looseObject({
  accountid: guid,
  name: text,
  address1_line1: text,
  address1_city: text,
  address1_stateorprovince: text,
  address1_postalcode: text,
  address1_country: text,
  createdon: text,
});
export type DvAccount = z.infer<typeof DvAccountSchema>;

export const DvContactSchema = z.looseObject({
  contactid: guid,
  firstname: text,
  lastname: text,
  emailaddress1: text,
  telephone1: text,
  _parentcustomerid_value: text,
});
export type DvContact = z.infer<typeof DvContactSchema>;

export const DvUserSchema = z.looseObject({
  systemuserid: guid,
  fullname: text,
  internalemailaddress: text,
  domainname: text,
  isdisabled: z.boolean().nullable().optional(),
});
export type DvUser = z.infer<typeof DvUserSchema>;

export const DvRoleSchema = z.looseObject({ roleid: guid, name: text });

export const DvCurrencySchema = z.looseObject({
  transactioncurrencyid: guid,
  isocurrencycode: z.string(),
  statecode: z.number().nullable().optional(),
  createdon: text,
});
export type DvCurrency = z.infer<typeof DvCurrencySchema>;
