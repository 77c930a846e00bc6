import { AuthorizationParams, defineConnector, DescribeParam, SecretUrlParam } from '@switchboard/sdk';
import { IsOptional } from 'class-validator';

/**
 * ilert's generic `dynamic` connector. The published API has no schema for it; this field set is our
 * proposal and deliberately permissive: both fields optional, any other param is kept as sent
 * (and redacted by key name when it looks like a credential).
 */
export class DynamicConfig extends AuthorizationParams {
  @SecretUrlParam({
    title: 'Endpoint URL',
    description: 'Endpoint ilert calls, if the connector needs one; may carry a token in its path or query (proposed field)',
  })
  @IsOptional()
  url?: string;

  @DescribeParam({ description: 'Authorization header value for that endpoint, e.g. "Bearer <token>" from the target system (proposed field)' })
  override authorization?: string;
}

export default defineConnector({
  type: 'dynamic',
  displayName: 'Dynamic (generic)',
  description: "ilert's generic connector: an optional endpoint and Authorization value (field set is our proposal).",
  docsUrl: 'https://docs.ilert.com/getting-started/readme#connectors-and-alert-actions-aka-outbound-integrations',
  config: DynamicConfig,
});
