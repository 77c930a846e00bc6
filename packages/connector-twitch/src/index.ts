import { defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsBoolean, IsOptional, IsString } from 'class-validator';

/** Twitch chat (IRC) as a bot account, as the Eliza runtime reads `connectors.twitch`. */
export class TwitchConfig extends ElizaPluginConfig {
  @Field({
    title: 'Access token',
    description: 'User access token of the bot account with chat:read and chat:edit scopes, from the OAuth flow of your Twitch app',
    docsUrl: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/',
  })
  @Secret()
  @IsString()
  accessToken?: string;

  @Field({ description: 'Client secret of the Twitch app (dev.twitch.tv console), used to refresh the token' })
  @Secret()
  @IsOptional()
  @IsString()
  clientSecret?: string;

  @Field({ description: 'Refresh token issued with the access token' })
  @Secret()
  @IsOptional()
  @IsString()
  refreshToken?: string;

  @Field({ description: 'Client ID of the Twitch app the token was issued for (dev.twitch.tv console > Applications > Manage)' })
  @IsOptional()
  @IsString()
  clientId?: string;

  @Field({ description: 'Login name of the Twitch account the bot chats as' })
  @IsOptional()
  @IsString()
  username?: string;

  @Field({ description: "Channel the bot joins: the broadcaster's login name, as in twitch.tv/<name>" })
  @IsOptional()
  @IsString()
  channel?: string;

  @Field({ description: 'More channels to join, comma-separated in one string' })
  @IsOptional()
  @IsString()
  channels?: string;

  @Field({ description: 'Chat roles allowed to address the bot, e.g. "moderator,vip"' })
  @IsOptional()
  @IsString()
  allowedRoles?: string;

  @Field({ description: 'Only answer messages that mention the bot' })
  @IsOptional()
  @IsBoolean()
  requireMention?: boolean;
}

export default defineConnector({
  type: 'twitch',
  displayName: 'Twitch',
  description: 'A Twitch bot account that reads and writes channel chat.',
  docsUrl: 'https://dev.twitch.tv/docs/irc/authenticate-bot/',
  config: TwitchConfig,
  elizaRuntime: true,
  // The runtime's rule (eliza-connector-fields.md 1.2): a token, an app, or switched on explicitly.
  configuredWhen: [['accessToken'], ['clientId'], { equals: { enabled: true } }],
});
