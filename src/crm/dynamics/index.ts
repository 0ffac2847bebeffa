// The Dynamics 365 adapter's public surface; the emulator has its own (emulator/index.ts).
export {
  DynamicsAdapter,
  dynamicsCapabilities,
  dynamicsCapabilitiesFor,
  customizingRoles,
  type DynamicsAdapterOptions,
} from './adapter.js';
export {
  IdentityPlatformTokens,
  checkDataverseEndpoint,
  type DataverseGrant,
  type DataverseToken,
  type DataverseTokenSource,
  type TokenSourceOptions,
} from './auth.js';
export { defaultDynamicsDailyCap, storeDynamicsBudget, type DvBudgetMeter } from './budget.js';
export { DataverseClient, maxBatchRequests, webApiVersion } from './client.js';
export { dvColumns, type DvColumns } from './columns.js';
export {
  defaultDynamicsSettings,
  dynamicsClient,
  environmentKey,
  openDynamics,
  saveDynamicsConnection,
  type DynamicsDeps,
  type DynamicsGrant,
  type DynamicsSettings,
} from './connection.js';
export { dynamicsName, dynamicsSystem } from './error-map.js';
export {
  dynamicsApp,
  saveDynamicsSignIn,
  signInWithClientSecret,
  signInWithDeviceCode,
  startDynamicsDeviceFlow,
  type DynamicsApp,
  type DynamicsConnected,
  type DynamicsDeviceCode,
  type DynamicsSignIn,
} from './sign-in.js';
export {
  defaultDvRequestPolicy,
  dvRequest,
  type DvCallRecord,
  type DvRequestContext,
  type DvRequestPolicy,
} from './request.js';
