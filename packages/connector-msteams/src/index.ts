import { defineConnector, Field, RequireMentionField, Secret, SecretUrlParam, StringIdMessagingConfig } from '@switchboard/sdk';
import { IsArray, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';

const REPLY_STYLES = ['thread', 'top-level'] as const;

/**
 * Microsoft Teams: the Eliza runtime's Azure bot (`connectors.msteams`) and ilert's
 * microsoft_teams_bot connector (EParamsMicrosoftTeams: a channel webhook `url`).
 */
export class MsTeamsConfig extends StringIdMessagingConfig {
  @Field({ title: 'App password', description: 'Client secret of the bot app (Azure Bot > Configuration > Manage Password)' })
  @Secret()
  @IsString()
  appPassword?: string;

  @SecretUrlParam({
    title: 'Webhook URL',
    description: 'Channel webhook or Workflows URL ilert posts to (channel > ... > Workflows or Connectors); its signature is part of the URL',
    docsUrl: 'https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook',
  })
  @IsOptional()
  url?: string;

  @Field({ title: 'App id', description: 'Microsoft App ID (client id) of the Azure Bot resource (Azure portal > the bot > Configuration)' })
  @IsOptional()
  @IsUUID()
  appId?: string;

  @Field({ description: 'Directory (tenant) id of a single-tenant bot app (Azure portal > Microsoft Entra ID > Overview)' })
  @IsOptional()
  @IsString()
  tenantId?: string;

  @RequireMentionField('channels')
  requireMention?: boolean;

  @Field({ description: 'Reply in the message thread or as a new top-level post' })
  @IsOptional()
  @IsIn(REPLY_STYLES)
  replyStyle?: string;

  @Field({ description: 'Hosts the agent may download media from' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  mediaAllowHosts?: string[];

  @Field({ description: 'Hosts that get the bot token when media is downloaded from them' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  mediaAuthAllowHosts?: string[];

  @Field({ description: 'SharePoint site id used to share files in group chats and channels (from the Graph API sites endpoint)' })
  @IsOptional()
  @IsString()
  sharePointSiteId?: string;
}

export default defineConnector({
  type: 'msteams',
  aliases: ['microsoft_teams_bot'],
  displayName: 'Microsoft Teams',
  description: 'An Azure bot in Microsoft Teams for the agent, or a channel webhook for ilert alerts.',
  docsUrl: 'https://learn.microsoft.com/en-us/azure/bot-service/bot-service-quickstart-registration',
  config: MsTeamsConfig,
  elizaRuntime: true,
});
