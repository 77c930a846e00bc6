import { defineConnector, ElizaWebhookListenerConfig, Field, Secret } from '@switchboard/sdk';
import { IsBoolean, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/**
 * Zalo Official Account (proposed key `zalo`): the Eliza plugin catalog's ZALO_* settings, camelCased.
 * The cookie-login `zalouser` plugin is a different connector.
 */
export class ZaloConfig extends ElizaWebhookListenerConfig {
  @Field({ title: 'OA access token', description: "Official Account access token, issued through the app's OA authorisation (Zalo for Developers)" })
  @Secret()
  @IsString()
  accessToken?: string;

  @Field({ title: 'Secret key', description: 'Secret key of the Zalo app (Zalo for Developers > the app > Settings)' })
  @Secret()
  @IsString()
  secretKey?: string;

  @Field({ description: 'Refresh token that renews the access token when it expires' })
  @Secret()
  @IsOptional()
  @IsString()
  refreshToken?: string;

  @Field({ description: 'Proxy URL for calls to the Zalo API; may embed credentials' })
  @Secret({ redact: 'url' })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https', 'socks5'] })
  proxyUrl?: string;

  @Field({ title: 'App ID', description: 'Numeric id of the Zalo app (same page as the secret key)' })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'appId must be the numeric Zalo app id' })
  appId?: string;

  @Field({ description: 'Public HTTPS URL registered as the OA webhook' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https'] })
  webhookUrl?: string;

  @Field({ description: 'Poll for new messages instead of receiving webhooks' })
  @IsOptional()
  @IsBoolean()
  usePolling?: boolean;
}

export default defineConnector({
  type: 'zalo',
  displayName: 'Zalo',
  description: 'A Zalo Official Account the agent chats through.',
  docsUrl: 'https://developers.zalo.me/docs/api/official-account-api/phu-luc/official-account-access-token-post-4307',
  config: ZaloConfig,
  elizaRuntime: true,
});
