import { defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/** Instagram (proposed key `instagram`): the Eliza plugin catalog's INSTAGRAM_* settings, camelCased. */
export class InstagramConfig extends ElizaPluginConfig {
  @Field({ description: 'Password of the Instagram account the agent logs in as' })
  @Secret()
  @IsString()
  password?: string;

  @Field({ title: 'Two-factor code', description: 'Current two-factor code (authenticator app or SMS), when the login asks for one' })
  @Secret()
  @IsOptional()
  @Matches(/^\d{6,8}$/, { message: 'verificationCode must be the 6-8 digit two-factor code' })
  verificationCode?: string;

  @Field({ description: 'Proxy URL the login and API calls go through; may embed credentials', examples: ['http://user:pass@proxy.example.com:8080'] })
  @Secret({ redact: 'url' })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https', 'socks5'] })
  proxy?: string;

  @Field({ description: 'User name of the Instagram account (without @)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._]{1,30}$/, { message: 'username must be an Instagram user name: letters, digits, "." and "_", at most 30' })
  username?: string;
}

export default defineConnector({
  type: 'instagram',
  displayName: 'Instagram',
  description: 'An Instagram account the agent posts and answers messages from, logged in with its password.',
  docsUrl: 'https://help.instagram.com/566810106808145',
  config: InstagramConfig,
  elizaRuntime: true,
});
