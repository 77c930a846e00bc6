import { defineConnector, Field, MessagingConfig, REPLY_TO_MODES, Secret, SecretUrlParam, StringOrObjectField } from '@switchboard/sdk';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';

/**
 * Google Chat: the Eliza runtime's Chat app (`connectors.googlechat`, DM settings under `dm`) and
 * ilert's google_chat_bot connector, which may post through a space's incoming webhook (`url`).
 */
export class GoogleChatConfig extends MessagingConfig {
  @StringOrObjectField({ title: 'Service account key', description: 'JSON key of the Chat app\'s service account, as text or object (Cloud console > IAM > Service accounts > Keys)' })
  @Secret()
  serviceAccount?: string | Record<string, unknown>;

  @Field({ description: 'Service-account key JSON as the runtime exports it to GOOGLE_CHAT_SERVICE_ACCOUNT_KEY' })
  @Secret()
  @IsOptional() @IsString()
  serviceAccountKey?: string;

  @SecretUrlParam({ title: 'Webhook URL', description: 'Incoming webhook URL of a space (Apps & integrations > Webhooks); carries its key and token' })
  @IsOptional()
  url?: string;

  @Field({ description: 'Path of a service-account key file, instead of serviceAccount' })
  @IsOptional() @IsString()
  serviceAccountFile?: string;

  @Field({ description: 'How incoming requests are verified: the app URL or the project number as audience' })
  @IsOptional() @IsIn(['app-url', 'project-number'])
  audienceType?: string;

  @Field({ description: 'Expected audience of the Chat request tokens (the app URL or the project number)' })
  @IsOptional() @IsString()
  audience?: string;

  @Field({ description: 'Public HTTPS URL Google Chat sends events to' })
  @IsOptional() @IsString()
  webhookUrl?: string;

  @Field({ description: 'Local path of the events endpoint' })
  @IsOptional() @IsString()
  webhookPath?: string;

  @Field({ description: 'Resource name of the app\'s own user, e.g. "users/123456789"' })
  @IsOptional() @IsString()
  botUser?: string;

  @Field({ description: 'User ids allowed to address the agent in spaces' })
  @IsOptional() @IsArray()
  groupAllowFrom?: (string | number)[];

  @Field({ description: 'Answer messages sent by other apps' })
  @IsOptional() @IsBoolean()
  allowBots?: boolean;

  @Field({ description: 'Only answer in spaces when mentioned' })
  @IsOptional() @IsBoolean()
  requireMention?: boolean;

  @Field({ description: 'Which messages the agent replies to in a thread' })
  @IsOptional() @IsIn(REPLY_TO_MODES)
  replyToMode?: string;

  @Field({ description: 'How the agent shows that it is typing' })
  @IsOptional() @IsIn(['none', 'message', 'reaction'])
  typingIndicator?: string;

  @Field({ description: 'Id of the entry in accounts used when none is named' })
  @IsOptional() @IsString()
  defaultAccount?: string;
}

export default defineConnector({
  type: 'googlechat',
  aliases: ['google_chat_bot'],
  displayName: 'Google Chat',
  description: 'A Google Chat app for the agent, or a space webhook for ilert alerts.',
  docsUrl: 'https://developers.google.com/workspace/chat/authenticate-authorize-chat-app',
  config: GoogleChatConfig,
});
