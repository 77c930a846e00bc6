import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@switchboard/schemas';

// The permissions are published with the whoami payload (@switchboard/schemas): one list.
export { PERMISSIONS, type Permission } from '@switchboard/schemas';
export const PERMISSION_METADATA = 'switchboard:permission';

/** The permission a route needs; the API key guard enforces it. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_METADATA, permission);

/** Who is calling, as the guard established it. */
export interface Principal {
  /** The key's short id (for logs and the audit trail), or `anonymous` when no keys are configured. */
  keyId: string;
  permissions: ReadonlySet<Permission>;
}
