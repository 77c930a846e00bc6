export { Secret, secretFieldsOf, type RedactionRule, type SecretOptions, type SecretSpec } from './secret.js';
export { Field, type FieldOptions } from './field.js';
export { OptionalNested } from './nested.js';
export { catalogEntryOf, defineConnector, isConnectorPlugin, type ConnectorDefinition, type ConnectorPlugin } from './define-connector.js';
export { clearableFieldsOf, withoutClearedValues } from './cleared-values.js';
export { classValidatorProblems, validateConfig, type FieldProblem } from './validation.js';
export { validityCheckOf, type ValidityCheck } from './validity-check.js';
export { CONFIGURED_WHEN_KEYWORD, configJsonSchema, type JsonSchemaObject } from './json-schema.js';
export {
  ELIZA_GENERIC_CREDENTIALS,
  configuredRuleOf,
  configuredRuleSchema,
  configuredWhenSchema,
  type ConfiguredAlternative,
  type ConfiguredRule,
} from './configured-rule.js';
export { PatternValidator, declareValidatorSchema, urlPattern, type UrlRule } from './schema-of-validators.js';
export { MASK, REDACTED_MARKER, isMaskShaped, maskString, maskUrl, maskValue } from './redaction/mask.js';
export { heuristicSecretSpec, isCredentialedUrl, isMaskedUrl } from './redaction/sensitive-keys.js';
export { isPlainParameterName } from './redaction/url-query.js';
export { redactConfig, secretSpecFor, unionOfSecretFields, type SecretFields } from './redaction/redact.js';
export { carriesMasks, restoreSecrets, type RestoreResult } from './redaction/restore.js';
export { UNSAFE_KEYS, isPlainObject, stripUnsafeKeys } from './sanitize.js';
export { CHUNK_MODES, DM_POLICIES, DirectMessagingConfig, GROUP_POLICIES, MessagingConfig } from './common/messaging.js';
export {
  AllowBotsField,
  ConfigWritesField,
  ReactionLevelField,
  ReactionNotificationsField,
  REPLY_TO_MODES,
  ReplyToModeField,
  RequireMentionField,
} from './common/messaging-fields.js';
export { OpenPolicyNeedsWildcard } from './common/validators.js';
export {
  IsE164Phone,
  IsSafeExecutable,
  PhoneMessagingConfig,
  StringIdMessagingConfig,
  StringOrObjectField,
  isSafeExecutable,
} from './common/eliza-messaging-variants.js';
export {
  ApiKeyParams,
  AuthorizationParams,
  CredentialParam,
  DescribeParam,
  EmailParam,
  SecretUrlParam,
  TextParam,
  UrlApiKeyParams,
  UrlBasicAuthParams,
  UrlEmailPasswordParams,
  UrlParam,
  UrlParams,
  WebhookUrlParams,
} from './common/ilert-params.js';
export { ElizaAutoPostingConfig, ElizaPluginConfig, ElizaPollingConfig, ElizaWebhookListenerConfig, OptionalPort } from './common/eliza-catalog.js';
export {
  CONNECTION_TEST_STATUSES,
  isCustomConnectionTest,
  type ConnectionTestDeclaration,
  type ConnectionTestRequest,
  type ConnectionTestResponse,
  type ConnectionTestResult,
  type ConnectionTestStatus,
  type ConnectionTestVerdict,
  type CustomConnectionTest,
  type HttpConnectionTest,
} from './connection-test/declaration.js';
export { planRequest, verdictOf, type Plan, type PlannedRequest } from './connection-test/http-test.js';
