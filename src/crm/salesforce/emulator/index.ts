// The Salesforce emulator's public surface.
export { startSalesforceEmulator, SalesforceEmulator } from './emulator.js';
export type {
  AsUser,
  SfRecord,
  SalesforceEmulatorOptions,
  SalesforceEmulatorEvents,
  WriteEvent,
} from './emulator.js';
export { serveSalesforceEmulator } from './serve.js';
export type { ServeSalesforceOptions, ServeSummary } from './serve.js';
export { defaultUsers, defaultUserPassword, defaultProfiles, ProfileName, canCustomize } from './users.js';
export type { EmulatorUser, ProfileDef, UserAccount } from './users.js';
export { defaultStages } from './stages.js';
export type { StageDef } from './stages.js';
export { defaultCurrencies } from './currencies.js';
export type { CurrencyDef } from './currencies.js';
export { KeyPrefix, howCanMicrosoftHelpValues, contactRoles } from './objects.js';
export type { FieldDef, ObjectDef, FieldValue, PicklistEntry } from './schema-types.js';
export { FieldType } from './schema-types.js';
export type { TokenResponse, ConnectedApp } from './auth.js';
export { SfErrorCode, SfHttpError } from './sf-errors.js';
export type { SfError, RecordError } from './sf-errors.js';
export { generateSalesforceData } from './generator.js';
export type { GeneratorOptions } from './generator.js';
export { loadSalesforceSeedFile, parseSeed } from './seed.js';
export type { SeedRecord, SeedRecords } from './seed.js';
export { normalizeId, idSuffix } from './ids.js';
export { parseSoql } from './soql-parser.js';
export type { SoqlQuery } from './soql-ast.js';
export { formatDateTime, parseDateTime } from './sf-time.js';
export { minApiVersion, maxApiVersion } from './api-versions.js';
export { ManualClock, systemClock } from '../../../partner-center/emulator/clock.js';
export type { Clock } from '../../../partner-center/emulator/clock.js';
export type { FaultKnobs, Throttle } from '../../../partner-center/emulator/faults.js';
export type { CallCount } from '../../../partner-center/emulator/call-counter.js';
