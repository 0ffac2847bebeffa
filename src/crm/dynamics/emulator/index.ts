// The Dataverse (Dynamics 365) emulator's public surface.
export { startDynamicsEmulator, DynamicsEmulator } from './emulator.js';
export type {
  AsUser,
  DvRow,
  DynamicsEmulatorOptions,
  DynamicsEmulatorEvents,
  WriteEvent,
} from './emulator.js';
export { serveDynamicsEmulator } from './serve.js';
export type { ServeDynamicsOptions, DynamicsServeSummary } from './serve.js';
export { defaultUsers, defaultRoles, RoleName, Privilege } from './security.js';
export type { EmulatorUser, RoleDef, UserAccount } from './security.js';
export { defaultCurrencies } from './setup.js';
export type { CurrencyDef } from './setup.js';
export { defaultServiceProtection } from './service-protection.js';
export type { ServiceProtectionLimit } from './service-protection.js';
export type { DataverseFaultKnobs } from './dv-faults.js';
export type { TokenResponse, AppRegistration } from './auth.js';
export { DvErrorCode, DvHttpError } from './dv-errors.js';
export {
  buildTables,
  opportunityStatuses,
  salesStages,
  howCanMicrosoftHelpOptions,
  OpportunityState,
} from './tables.js';
export type { ColumnDef, EntityDef, LookupRef, Value } from './metadata-types.js';
export { generateDynamicsData } from './generator.js';
export { loadDynamicsSeedFile, parseDynamicsSeed } from './seed.js';
export type { DynamicsSeed } from './seed.js';
export type { GeneratorOptions } from './generator.js';
export { ManualClock, systemClock } from '../../../partner-center/emulator/clock.js';
export type { Clock } from '../../../partner-center/emulator/clock.js';
export type { CallCount } from '../../../partner-center/emulator/call-counter.js';
