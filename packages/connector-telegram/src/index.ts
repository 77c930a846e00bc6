import { defineConnector, DirectMessagingConfig, Field, ReactionLevelField, ReactionNotificationsField, ReplyToModeField, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, Matches } from 'class-validator';

/** Telegram bot settings as the Eliza runtime reads them (`connectors.telegram`). */
export class TelegramConfig extends DirectMessagingConfig {
  @Field({
    title: 'Bot token',
    description: 'Bot token from @BotFather (/newbot, or /token for an existing bot), "<bot id>:<secret>"',
    docsUrl: 'https://core.telegram.org/bots/tutorial#obtain-your-bot-token',
    examples: ['123456:ABC-DEF1234ghIkl'],
  })
  @Secret({ redact: 'segments' })
  @IsString()
  @Matches(/^\d+:[\w-]+$/, { message: 'botToken must look like "<bot id>:<secret>" as @BotFather issues it' })
  botToken?: string;

  @Field({ description: 'Path of a file holding the @BotFather bot token, instead of botToken' })
  @IsOptional()
  @IsString()
  tokenFile?: string;

  @Field({
    description: 'Public HTTPS URL of this agent that Telegram posts updates to (webhook mode, registered with setWebhook); needs webhookSecret',
    docsUrl: 'https://core.telegram.org/bots/api#setwebhook',
  })
  @IsOptional()
  @IsString()
  webhookUrl?: string;

  @Field({ description: 'Local path of the webhook endpoint' })
  @IsOptional()
  @IsString()
  webhookPath?: string;

  @Field({
    description: 'Secret you choose (1-256 of A-Z, a-z, 0-9, _ and -) that Telegram sends with each webhook call',
    docsUrl: 'https://core.telegram.org/bots/api#setwebhook',
  })
  @Secret()
  @IsOptional()
  @IsString()
  webhookSecret?: string;

  @Field({ description: 'Proxy URL for the Bot API, from your proxy provider; may embed credentials' })
  @Secret({ redact: 'url' })
  @IsOptional()
  @IsString()
  proxy?: string;

  @Field({ description: 'How replies stream into Telegram', default: 'partial' })
  @IsOptional()
  @IsIn(['off', 'partial', 'block'])
  streamMode?: string;

  @ReplyToModeField()
  replyToMode?: string;

  @ReactionNotificationsField(['off', 'own', 'all'])
  reactionNotifications?: string;

  @ReactionLevelField()
  reactionLevel?: string;

  @Field({ description: 'Show link previews in sent messages' })
  @IsOptional()
  @IsBoolean()
  linkPreview?: boolean;

  @Field({ description: 'Bot API request timeout in seconds' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  timeoutSeconds?: number;
}

export default defineConnector({
  type: 'telegram',
  displayName: 'Telegram',
  description: 'A Telegram bot the agent talks through.',
  docsUrl: 'https://core.telegram.org/bots/features#botfather',
  config: TelegramConfig,
  elizaRuntime: true,
  // getMe: https://core.telegram.org/bots/api#getme (a wrong token is 401; a malformed one 404)
  test: {
    origin: 'https://api.telegram.org',
    path: '/bot{botToken}/getMe',
    authFailureStatuses: [401, 404],
    okField: 'ok',
    identity: { path: 'result.username', prefix: '@' },
  },
});
