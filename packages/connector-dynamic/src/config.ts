import { AuthorizationParams, DescribeParam, SecretUrlParam } from '@switchboard/sdk';
import { IsOptional } from 'class-validator';

/**
 * ilert's generic `dynamic` connector. The published API has no schema for it; this field set is our
 * proposal and deliberately permissive: both fields optional, any other param is kept as sent
 * (and redacted by key name when it looks like a credential).
 */
export class DynamicConfig extends AuthorizationParams {
  @SecretUrlParam({ title: 'Endpoint URL', description: 'Endpoint ilert calls, if the connector needs one; may carry a token in its path or query (proposed field)' })
  @IsOptional()
  url?: string;

  @DescribeParam({ description: 'Authorization header value for that endpoint, e.g. "Bearer <token>" from the target system (proposed field)' })
  override authorization?: string;
}
