import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConnectorPlugin, JsonSchemaObject } from '@switchboard/sdk';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { CATALOG_ROUTE } from './catalog-route.js';
import { ApiKeyProtected, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';

export interface ConnectorTypeEntry {
  type: string;
  aliases: readonly string[];
  displayName: string;
  description: string;
  docsUrl: string | null;
  secretFields: { field: string; redact: string }[];
  connectionTest: boolean;
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
    connectionTest: plugin.test !== undefined,
    schema: plugin.jsonSchema(),
  };
}

/** The loaded connector types with their JSON Schemas: what a UI needs to render a form for any of them. */
@Controller(CATALOG_ROUTE)
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.catalog)
@ApiKeyProtected('eliza')
export class CatalogController {
  private entries: ConnectorTypeEntry[] | undefined;

  constructor(private readonly connectors: ConnectorService) {}

  @Get()
  @RequirePermission('read')
  @ApiOperation({
    operationId: 'listConnectorTypes',
    summary: 'List the loaded connector types',
    description: 'Each plugin with its aliases, docs link, secret fields and the JSON Schema of its config (what a UI needs to render a form).',
  })
  @ApiOkResponse({ description: 'The connector types', schema: schemaRef('ConnectorTypesResponse') })
  list(): { connectorTypes: ConnectorTypeEntry[] } {
    this.entries ??= this.connectors.registry.catalog.plugins.map(catalogEntry);
    return { connectorTypes: this.entries };
  }
}
