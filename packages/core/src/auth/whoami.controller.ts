import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WhoAmIResponse } from '@switchboard/schemas';
import type { FastifyRequest } from 'fastify';
import { ApiKeyProtected, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyRing } from './api-key-ring.js';
import { PERMISSIONS } from './permissions.js';

export type { WhoAmIResponse };

/**
 * Who the caller is and what it may do, so a client (the web console) can disable what its key may
 * not do instead of learning it from a 403. Needs a valid key when keys are configured, no permission.
 */
@Controller('api/whoami')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.auth)
@ApiKeyProtected('eliza')
export class WhoAmIController {
  constructor(private readonly keys: ApiKeyRing) {}

  @Get()
  @ApiOperation({
    operationId: 'whoAmI',
    summary: "The calling key's id and permissions",
    description: 'Any valid key may ask (no permission needed); without configured keys the caller is `anonymous` with read, write and audit.',
  })
  @ApiOkResponse({ description: 'The key id and its permissions', schema: schemaRef('WhoAmIResponse') })
  whoAmI(@Req() request: FastifyRequest): WhoAmIResponse {
    const principal = request.principal!;
    return {
      keyId: principal.keyId,
      permissions: PERMISSIONS.filter((permission) => principal.permissions.has(permission)),
      keysRequired: this.keys.enabled,
    };
  }
}
