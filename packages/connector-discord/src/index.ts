import { AllowBotsField, defineConnector, Field, MessagingConfig, ReplyToModeField, Secret } from '@switchboard/sdk';
import { IsInt, IsOptional, IsPositive, IsString, IsUrl } from 'class-validator';

/**
 * Discord: the Eliza runtime's bot (`connectors.discord`, DM settings under `dm`) and the ilert
 * connector's channel webhook (`url`).
 */
export class DiscordConfig extends MessagingConfig {
  @Field({ title: 'Bot token', description: 'Bot token from the Discord Developer Portal (your application > Bot > Reset Token)' })
  @Secret()
  @IsString()
  token?: string;

  @Field({ description: 'Older name of token, still read by the runtime' })
  @Secret()
  @IsOptional()
  @IsString()
  botToken?: string;

  @Field({ description: 'Application ID (Developer Portal > your application > General Information); looked up from the token when absent' })
  @IsOptional()
  @IsString()
  applicationId?: string;

  @AllowBotsField('bots')
  allowBots?: boolean;

  @Field({ description: 'Split replies longer than this many lines', default: 17 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxLinesPerMessage?: number;

  @ReplyToModeField()
  replyToMode?: string;

  @Field({
    title: 'Webhook URL',
    description: 'Channel webhook URL (ilert connector): Channel settings > Integrations > Webhooks > Copy Webhook URL',
    docsUrl: 'https://support.discord.com/hc/en-us/articles/228383668-Intro-to-Webhooks',
  })
  @Secret({ redact: 'url' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  url?: string;
}

export default defineConnector({
  type: 'discord',
  displayName: 'Discord',
  description: 'A Discord bot for the agent, or a channel webhook for ilert alerts.',
  docsUrl: 'https://discord.com/developers/docs/topics/oauth2#bots',
  config: DiscordConfig,
  elizaRuntime: true,
  // https://discord.com/developers/docs/resources/user#get-current-user
  test: {
    origin: 'https://discord.com',
    path: '/api/v10/users/@me',
    headers: { Authorization: 'Bot {token|botToken}' },
    identity: { path: 'username', prefix: '@' },
  },
});
