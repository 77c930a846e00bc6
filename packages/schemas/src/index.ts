/**
 * @switchboard/schemas: the payload types and JSON Schemas of Switchboard's two API surfaces and of
 * every connector config. Plain data and types: no runtime dependency, safe in a browser bundle.
 */
export { JSON_SCHEMA_DRAFT, type JsonSchema } from './json-schema.js';
export type { FromSchema } from './from-schema.js';
export * from './eliza.js';
export * from './ilert.js';
export * from './catalog.js';
export * from './auth.js';
export * from './audit.js';
export * from './connection-test.js';
export * from './console.js';
export * from './generated/connectors.js';
export { connectorTypeInfo, isConnectorConfigured, resolveConnectorType } from './lookup.js';
export { connectorNameTable, normaliseConnectorName, type ConnectorNames } from './connector-names.js';
export { isConfiguredBy } from './configured.js';
