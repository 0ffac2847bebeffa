// Every check the doctor runs, in the order it reports them: who we are, the flows, the webhook
// registration, the CRM's set-up, the data of co-sell opportunities, budgets, the runtime, run history and
// silent non-sync. A check is data (id, requirement IDs, run); nothing is loaded by name.
import { partnerCenterBudget, crmBudget } from './checks/budget.js';
import { crmRole, partnerCenterRole, tokenHealth } from './checks/connections.js';
import { coSellFields, currencies, currencyField, sellers } from './checks/crm-setup.js';
import { contactData, countryData, qualificationData, solutionData } from './checks/data.js';
import { flowOrder } from './checks/flows.js';
import { unexplainedReferrals } from './checks/referrals.js';
import { failedRecords, failingRuns } from './checks/runs.js';
import { freeDisk, migrationsCurrent, storeReachable } from './checks/runtime.js';
import { certificateHost, webhookRegistration, webhookRoundTrip } from './checks/webhooks.js';
import type { DoctorCheck } from './types.js';

/** The CRM set-up group: currencies, the co-sell fields (from the installer's list), the currency field, sellers. */
export const crmSetupChecks: readonly DoctorCheck[] = [currencies, coSellFields, currencyField, sellers];

export const doctorChecks: readonly DoctorCheck[] = [
  partnerCenterRole,
  crmRole,
  tokenHealth,
  flowOrder,
  webhookRegistration,
  webhookRoundTrip,
  certificateHost,
  ...crmSetupChecks,
  solutionData,
  countryData,
  contactData,
  qualificationData,
  partnerCenterBudget,
  crmBudget,
  storeReachable,
  migrationsCurrent,
  freeDisk,
  failingRuns,
  failedRecords,
  unexplainedReferrals,
];
