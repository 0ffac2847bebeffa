// The Salesforce adapter's public surface; the emulator has its own (emulator/index.ts).
export { SalesforceAdapter, salesforceCapabilities, type SalesforceAdapterOptions } from './adapter.js';
export {
  RefreshTokenSource,
  checkEndpoint,
  sessionFromToken,
  type RefreshTokenSourceOptions,
} from './auth.js';
export { defaultSalesforceDailyCap, storeSalesforceBudget } from './budget.js';
export {
  SalesforceClient,
  defaultApiVersion,
  maxCollectionRecords,
  maxCompositeSubrequests,
  type CompositeSubrequest,
  type RecordWrite,
} from './client.js';
export {
  defaultSalesforceSettings,
  openSalesforce,
  salesforceClient,
  type SalesforceDeps,
  type SalesforceSettings,
} from './connection.js';
export { dailyLimitDeferMs, salesforceName, salesforceSystem } from './error-map.js';
export {
  defaultSfRequestPolicy,
  sfRequest,
  type ApiUsage,
  type SalesforceSession,
  type SalesforceTokenSource,
  type SfBudgetMeter,
  type SfCallRecord,
  type SfRequestContext,
  type SfRequestPolicy,
} from './request.js';
export {
  salesforceApp,
  salesforceScopes,
  saveSalesforceSignIn,
  signInWithDeviceFlow,
  signInWithRefreshToken,
  startSalesforceDeviceFlow,
  type DeviceFlowOptions,
  type PollWait,
  type SalesforceApp,
  type SalesforceConnected,
  type SalesforceDeviceCode,
  type SalesforceSignIn,
  type SalesforceStoreDeps,
} from './sign-in.js';
export { postTokenForm, refreshTokenGrant, type TokenEndpointAnswer } from './token-grant.js';
