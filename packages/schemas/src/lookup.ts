import { CONNECTOR_ALIASES, CONNECTOR_CATALOG, type ConnectorType } from './generated/connectors.js';
import type { ConnectorTypeInfo } from './catalog.js';

/** The connector type a name or alias stands for (as the service resolves it), or undefined. */
export function resolveConnectorType(nameOrAlias: string): ConnectorType | undefined {
  if (Object.prototype.hasOwnProperty.call(CONNECTOR_CATALOG, nameOrAlias)) return nameOrAlias as ConnectorType;
  return Object.prototype.hasOwnProperty.call(CONNECTOR_ALIASES, nameOrAlias) ? CONNECTOR_ALIASES[nameOrAlias] : undefined;
}

/** The catalog entry of a connector type or alias, or undefined. */
export function connectorTypeInfo(nameOrAlias: string): ConnectorTypeInfo<ConnectorType> | undefined {
  const type = resolveConnectorType(nameOrAlias);
  return type === undefined ? undefined : CONNECTOR_CATALOG[type];
}
