import { Controller, Get, UseGuards } from '@nestjs/common';
import type { ConnectorPlugin, JsonSchemaObject } from '@switchboard/sdk';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';

export interface ConnectorTypeEntry {
  type: string;
  aliases: readonly string[];
  displayName: string;
  description: string;
  docsUrl: string | null;
  secretFields: { field: string; redact: string }[];
  schema: JsonSchemaObject;
}

export function catalogEntry(plugin: ConnectorPlugin): ConnectorTypeEntry {
  return {
    type: plugin.type,
    aliases: plugin.aliases,
    displayName: plugin.displayName,
    description: plugin.description,
    docsUrl: plugin.docsUrl ?? null,
    secretFields: [...plugin.secrets].map(([field, spec]) => ({ field, redact: spec.rule })),
    schema: plugin.jsonSchema(),
  };
}

/** The loaded connector types with their JSON Schemas: what a UI needs to render a form for any of them. */
@Controller('api/connector-types')
@UseGuards(ApiKeyGuard)
export class CatalogController {
  private entries: ConnectorTypeEntry[] | undefined;

  constructor(private readonly connectors: ConnectorService) {}

  @Get()
  @RequirePermission('read')
  list(): { connectorTypes: ConnectorTypeEntry[] } {
    this.entries ??= this.connectors.registry.catalog.plugins.map(catalogEntry);
    return { connectorTypes: this.entries };
  }
}
