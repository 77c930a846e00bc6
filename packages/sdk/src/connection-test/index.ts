// The Node side of connection tests (`@switchboard/sdk/connection-test`): the guarded HTTP client and
// the runner. Kept out of the main entry, which connector packages and browser bundles load.
export { GuardedRequestError, guardedRequest, type GuardedClientOptions, type GuardedResponse, type ResolvedAddress } from './guarded-client.js';
export { hostOf, isForbiddenAddress, NetworkPolicy, NetworkSettingError, parsePlatformUrls, unwrapAddress } from './network-policy.js';
export { DEFAULT_TEST_TIMEOUT_MS, runConnectionTest, type ConnectionTestSettings } from './run.js';
