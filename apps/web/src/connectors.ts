import { CONNECTOR_CATALOG, type ConnectorTypeInfo, ILERT_MAX_PAGE_SIZE, isConnectorConfigured } from '@switchboard/schemas';
import { api } from './api.js';

/** One row of the console: the registry record from the ilert surface, the config from the Eliza map. */
export interface ConnectorRow {
  id: string;
  name: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  /** The redacted config as the Eliza surface serves it (masks for secrets, never a value). */
  config: Record<string, unknown>;
}

const CATALOG: Readonly<Record<string, ConnectorTypeInfo>> = CONNECTOR_CATALOG;

export function typeInfo(type: string): ConnectorTypeInfo | undefined {
  return Object.hasOwn(CATALOG, type) ? CATALOG[type] : undefined;
}

export function typeDisplayName(type: string): string {
  return typeInfo(type)?.displayName ?? type;
}

/** Every connector type, by display name. */
export const CONNECTOR_TYPES: readonly ConnectorTypeInfo[] = Object.values(CATALOG).sort((a, b) => a.displayName.localeCompare(b.displayName));

/**
 * Configured: the config holds what the type's published rule (`x-configured-when`) asks for (a
 * secret's mask counts: the secret is stored). A connector of an unknown type counts as configured
 * when its config is not empty. The rule is @switchboard/schemas', not the console's own.
 */
export function isConfigured(row: Pick<ConnectorRow, 'type' | 'config'>): boolean {
  return isConnectorConfigured(row.type, row.config);
}

/**
 * Every connector: ids, types and timestamps from the ilert surface's pages (creation order), the
 * configs from the Eliza map. The ilert answer's `params` (redacted: api.ts asks for that even with
 * a `reveal` key) are not kept: the Eliza map is the one source of a row's config.
 */
export async function loadConnectors(ilertPrefix: string): Promise<ConnectorRow[]> {
  const [map, records] = await Promise.all([api.elizaMap(), allIlertRecords(ilertPrefix)]);
  return records.map((record) => ({
    id: record.id,
    name: record.name,
    type: record.type,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    config: map.connectors[record.name] ?? {},
  }));
}

async function allIlertRecords(prefix: string): Promise<Omit<ConnectorRow, 'config'>[]> {
  const records: Omit<ConnectorRow, 'config'>[] = [];
  for (let start = 0; ; start += ILERT_MAX_PAGE_SIZE) {
    const page = await api.ilertPage(prefix, start, ILERT_MAX_PAGE_SIZE);
    for (const { id, name, type, createdAt, updatedAt } of page) records.push({ id, name, type, createdAt, updatedAt });
    if (page.length < ILERT_MAX_PAGE_SIZE) return records;
  }
}
