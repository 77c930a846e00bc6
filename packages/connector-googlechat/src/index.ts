import {
  AllowBotsField,
  defineConnector,
  Field,
  MessagingConfig,
  ReplyToModeField,
  RequireMentionField,
  Secret,
  SecretUrlParam,
  StringOrObjectField,
} from '@switchboard/sdk';
import { IsArray, IsIn, IsOptional, IsString } from 'class-validator';

/**
 * Google Chat: the Eliza runtime's Chat app (`connectors.googlechat`, DM settings under `dm`) and
 * ilert's google_chat_bot connector, which may post through a space's incoming webhook (`url`).
 */
export class GoogleChatConfig extends MessagingConfig {
  @StringOrObjectField({
    title: 'Service account key',
    description: "JSON key of the Chat app's service account, as text or object (Cloud console > IAM > Service accounts > Keys)",
  })
  @Secret()
  serviceAccount?: string | Record<string, unknown>;

  @Field({ description: 'Service-account key JSON as the runtime exports it to GOOGLE_CHAT_SERVICE_ACCOUNT_KEY' })
  @Secret()
  @IsOptional()
  @IsString()
  serviceAccountKey?: string;

  @SecretUrlParam({
    title: 'Webhook URL',
    description: 'Incoming webhook URL of a space (Apps & integrations > Webhooks); carries its key and token',
    docsUrl: 'https://developers.google.com/workspace/chat/quickstart/webhooks',
  })
  @IsOptional()
  url?: string;

  @Field({ description: 'Path of a service-account key file, instead of serviceAccount' })
  @IsOptional()
  @IsString()
  serviceAccountFile?: string;

  @Field({ description: 'How incoming requests are verified: the app URL or the project number as audience' })
  @IsOptional()
  @IsIn(['app-url', 'project-number'])
  audienceType?: string;

  @Field({ description: 'Expected audience of the Chat request tokens: the app URL, or the project number from the Cloud console dashboard' })
  @IsOptional()
  @IsString()
  audience?: string;

  @Field({ description: 'Public HTTPS URL Google Chat sends events to (the HTTP endpoint URL in the Chat API configuration)' })
  @IsOptional()
  @IsString()
  webhookUrl?: string;

  @Field({ description: 'Local path of the events endpoint' })
  @IsOptional()
  @IsString()
  webhookPath?: string;

  @Field({ description: 'Resource name of the app\'s own user, e.g. "users/123456789"' })
  @IsOptional()
  @IsString()
  botUser?: string;

  @Field({ description: 'User ids allowed to address the agent in spaces' })
  @IsOptional()
  @IsArray()
  groupAllowFrom?: (string | number)[];

  @AllowBotsField('apps')
  allowBots?: boolean;

  @RequireMentionField('spaces')
  requireMention?: boolean;

  @ReplyToModeField()
  replyToMode?: string;

  @Field({ description: 'How the agent shows that it is typing' })
  @IsOptional()
  @IsIn(['none', 'message', 'reaction'])
  typingIndicator?: string;

  @Field({ description: 'Id of the entry in accounts used when none is named' })
  @IsOptional()
  @IsString()
  defaultAccount?: string;
}

export default defineConnector({
  type: 'googlechat',
  aliases: ['google_chat_bot'],
  displayName: 'Google Chat',
  description: 'A Google Chat app for the agent, or a space webhook for ilert alerts.',
  docsUrl: 'https://developers.google.com/workspace/chat/authenticate-authorize-chat-app',
  config: GoogleChatConfig,
  elizaRuntime: true,
});
