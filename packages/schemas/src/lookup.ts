import { CONNECTOR_CATALOG, type ConnectorType } from './generated/connectors.js';
import type { ConnectorTypeInfo } from './catalog.js';
import { connectorNameTable, normaliseConnectorName } from './connector-names.js';
import { isConfiguredBy } from './configured.js';

const NAMES = connectorNameTable<ConnectorType>(Object.values(CONNECTOR_CATALOG));

/**
 * The connector type a type, alias or display name stands for, in any spelling ("MS Teams",
 * "ms-teams", "MICROSOFT_TEAMS_BOT"), exactly as the service resolves it; undefined when none does.
 */
export function resolveConnectorType(name: string): ConnectorType | undefined {
  return NAMES.get(normaliseConnectorName(name));
}

/** The catalog entry of a connector type, alias or display name, or undefined. */
export function connectorTypeInfo(name: string): ConnectorTypeInfo<ConnectorType> | undefined {
  const type = resolveConnectorType(name);
  return type === undefined ? undefined : CONNECTOR_CATALOG[type];
}

/**
 * Whether a config (as stored, or redacted: a mask stands for a stored secret) holds what its connector
 * needs to count as configured, by the type's `x-configured-when`. A type without such a rule (or
 * with no plugin) counts as configured when the config is not empty.
 */
export function isConnectorConfigured(type: string, config: Readonly<Record<string, unknown>>): boolean {
  const rule = connectorTypeInfo(type)?.schema['x-configured-when'];
  return rule === undefined ? Object.keys(config).length > 0 : isConfiguredBy(rule, config);
}
