import { defineConnector, DirectMessagingConfig, Field, REPLY_TO_MODES, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, Matches } from 'class-validator';

/** Telegram bot settings as the Eliza runtime reads them (`connectors.telegram`). */
export class TelegramConfig extends DirectMessagingConfig {
  @Field({ title: 'Bot token', description: 'Token from @BotFather, "<bot id>:<secret>"', examples: ['123456:ABC-DEF1234ghIkl'] })
  @Secret({ redact: 'segments' })
  @IsString() @Matches(/^\d+:[\w-]+$/, { message: 'botToken must look like "<bot id>:<secret>" as @BotFather issues it' })
  botToken?: string;

  @Field({ description: 'Path of a file holding the bot token, instead of botToken' })
  @IsOptional() @IsString()
  tokenFile?: string;

  @Field({ description: 'Public HTTPS URL Telegram posts updates to (webhook mode); needs webhookSecret' })
  @IsOptional() @IsString()
  webhookUrl?: string;

  @Field({ description: 'Local path of the webhook endpoint' })
  @IsOptional() @IsString()
  webhookPath?: string;

  @Field({ description: 'Secret token Telegram sends with each webhook call' })
  @Secret()
  @IsOptional() @IsString()
  webhookSecret?: string;

  @Field({ description: 'Proxy URL for the Bot API; may embed credentials' })
  @Secret({ redact: 'url' })
  @IsOptional() @IsString()
  proxy?: string;

  @Field({ description: 'How replies stream into Telegram', default: 'partial' })
  @IsOptional() @IsIn(['off', 'partial', 'block'])
  streamMode?: string;

  @Field({ description: 'Which messages the agent replies to as a thread' })
  @IsOptional() @IsIn(REPLY_TO_MODES)
  replyToMode?: string;

  @Field({ description: 'Which reactions the agent is told about' })
  @IsOptional() @IsIn(['off', 'own', 'all'])
  reactionNotifications?: string;

  @Field({ description: 'How much the agent reacts with emoji' })
  @IsOptional() @IsIn(['off', 'ack', 'minimal', 'extensive'])
  reactionLevel?: string;

  @Field({ description: 'Show link previews in sent messages' })
  @IsOptional() @IsBoolean()
  linkPreview?: boolean;

  @Field({ description: 'Bot API request timeout in seconds' })
  @IsOptional() @IsInt() @IsPositive()
  timeoutSeconds?: number;
}

export default defineConnector({
  type: 'telegram',
  displayName: 'Telegram',
  description: 'A Telegram bot the agent talks through.',
  docsUrl: 'https://core.telegram.org/bots/features#botfather',
  config: TelegramConfig,
  // getMe: https://core.telegram.org/bots/api#getme (a wrong token is 401; a malformed one 404)
  test: {
    origin: 'https://api.telegram.org',
    path: '/bot{botToken}/getMe',
    authFailureStatuses: [401, 404],
    okField: 'ok',
    identity: { path: 'result.username', prefix: '@' },
  },
});
