import { SetMetadata } from '@nestjs/common';

/**
 * `read` (GET), `write` (create, update, delete), `reveal` (ilert answers in clear), `audit` (GET
 * /api/audit: who changed what; key ids and field names, never values).
 */
export type Permission = 'read' | 'write' | 'reveal' | 'audit';
export const PERMISSIONS: readonly Permission[] = ['read', 'write', 'reveal', 'audit'];
export const PERMISSION_METADATA = 'switchboard:permission';

/** The permission a route needs; the API key guard enforces it. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_METADATA, permission);

/** Who is calling, as the guard established it. */
export interface Principal {
  /** The key's short id (for logs and the audit trail), or `anonymous` when no keys are configured. */
  keyId: string;
  permissions: ReadonlySet<Permission>;
}
