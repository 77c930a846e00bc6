import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConnectorTypeInfo, ConnectorTypesResponse } from '@switchboard/schemas';
import { type ConnectorPlugin, catalogEntryOf } from '@switchboard/sdk';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { CATALOG_ROUTE } from './catalog-route.js';
import { ApiKeyProtected, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';

/** A plugin's catalog entry, built by the sdk (as @switchboard/schemas' generator builds its own) and typed by @switchboard/schemas. */
export function catalogEntry(plugin: ConnectorPlugin): ConnectorTypeInfo {
  return catalogEntryOf(plugin);
}

/** The loaded connector types with their JSON Schemas: what a UI needs to render a form for any of them. */
@Controller(CATALOG_ROUTE)
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.catalog)
@ApiKeyProtected('eliza')
export class CatalogController {
  private entries: ConnectorTypeInfo[] | undefined;

  constructor(private readonly connectors: ConnectorService) {}

  @Get()
  @RequirePermission('read')
  @ApiOperation({
    operationId: 'listConnectorTypes',
    summary: 'List the loaded connector types',
    description: 'Each plugin with its aliases, docs link, secret fields and the JSON Schema of its config (what a UI needs to render a form).',
  })
  @ApiOkResponse({ description: 'The connector types', schema: schemaRef('ConnectorTypesResponse') })
  list(): ConnectorTypesResponse {
    this.entries ??= this.connectors.registry.catalog.plugins.map(catalogEntry);
    return { connectorTypes: this.entries };
  }
}
