import { defineConnector, Field, MessagingConfig, REPLY_TO_MODES, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, IsUrl } from 'class-validator';

/**
 * Discord: the Eliza runtime's bot (`connectors.discord`, DM settings under `dm`) and the ilert
 * connector's channel webhook (`url`).
 */
export class DiscordConfig extends MessagingConfig {
  @Field({ title: 'Bot token', description: 'Bot token from the Discord Developer Portal (Application > Bot)' })
  @Secret()
  @IsString()
  token?: string;

  @Field({ description: 'Older name of token, still read by the runtime' })
  @Secret()
  @IsOptional() @IsString()
  botToken?: string;

  @Field({ description: 'Application id; looked up from the token when absent' })
  @IsOptional() @IsString()
  applicationId?: string;

  @Field({ description: 'Answer messages sent by other bots' })
  @IsOptional() @IsBoolean()
  allowBots?: boolean;

  @Field({ description: 'Split replies longer than this many lines', default: 17 })
  @IsOptional() @IsInt() @IsPositive()
  maxLinesPerMessage?: number;

  @Field({ description: 'Which messages the agent replies to as a thread' })
  @IsOptional() @IsIn(REPLY_TO_MODES)
  replyToMode?: string;

  @Field({ title: 'Webhook URL', description: 'Channel webhook URL (ilert connector): Channel settings > Integrations > Webhooks' })
  @Secret({ redact: 'url' })
  @IsOptional() @IsUrl({ protocols: ['https'], require_protocol: true })
  url?: string;
}

export default defineConnector({
  type: 'discord',
  displayName: 'Discord',
  description: 'A Discord bot for the agent, or a channel webhook for ilert alerts.',
  docsUrl: 'https://discord.com/developers/docs/topics/oauth2#bots',
  config: DiscordConfig,
  // https://discord.com/developers/docs/resources/user#get-current-user
  test: {
    origin: 'https://discord.com',
    path: '/api/v10/users/@me',
    headers: { Authorization: 'Bot {token|botToken}' },
    identity: { path: 'username', prefix: '@' },
  },
});
