import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPlainParameterName } from '@switchboard/sdk';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { ApiKeyRing } from './api-key-ring.js';
import { credentialQueryParameter } from './query-credentials.js';
import { type Permission, PERMISSION_METADATA, type Principal } from './permissions.js';

// Without keys the server listens on loopback only, and whoever reaches it may change everything, so
// may also read the audit trail (which holds no values); nobody may reveal.
const ANONYMOUS: Principal = { keyId: 'anonymous', permissions: new Set<Permission>(['read', 'write', 'audit']) };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key`; Basic credentials are refused. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      throw new UnauthorizedError(
        /^Basic\s/i.test(header) ? 'Unauthorized: Basic credentials are not accepted; send Authorization: Bearer <api key>' : 'Unauthorized',
      );
    return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

/**
 * Who the request is and whether it may do what `needed` names; throws 401/403 otherwise. The one
 * authorization rule: the guard applies it to every route, the Eliza read fast path too.
 */
export function authorize(keys: ApiKeyRing, request: FastifyRequest, needed: Permission | undefined): Principal {
  refuseKeyInQuery(request);
  const principal = keys.enabled ? authenticate(keys, request) : ANONYMOUS;
  request.principal = principal;
  if (needed && !principal.permissions.has(needed)) {
    throw new ForbiddenError(`API key "${principal.keyId}" lacks the "${needed}" permission`);
  }
  return principal;
}

/**
 * A key in the query string is refused, keys configured or not: URLs end up in access logs, proxy
 * logs, browser history and Referer headers, so a key sent there must be treated as leaked, and the
 * caller told where keys go. Checked before the key is looked at, so the answer never depends on it.
 */
function refuseKeyInQuery(request: FastifyRequest): void {
  const name = credentialQueryParameter(request.query);
  if (name !== undefined) {
    // The name is quoted only when it is a plain word: a client may send the key itself as the name (`?<key>`).
    const which = isPlainParameterName(name) ? `"${name}"` : 'a query parameter';
    throw new UnauthorizedError(
      `Unauthorized: API keys are not accepted in the query string (${which}); send the key in the Authorization: Bearer <key> or X-API-Key header, and replace a key that was sent in a URL`,
    );
  }
}

function authenticate(keys: ApiKeyRing, request: FastifyRequest): Principal {
  const key = presentedKey(request);
  const principal = key === undefined ? undefined : keys.authenticate(key);
  if (!principal) throw new UnauthorizedError();
  return principal;
}

/**
 * API-key authentication and per-route permissions for both surfaces. With no keys configured every
 * caller may read and write (the server then listens on loopback only); nobody may reveal.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyRing,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const needed = this.reflector.get<Permission | undefined>(PERMISSION_METADATA, context.getHandler());
    authorize(this.keys, context.switchToHttp().getRequest<FastifyRequest>(), needed);
    return true;
  }
}
