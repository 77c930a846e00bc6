import { ConfigWritesField, defineConnector, Field, RequireMentionField, Secret, SecretUrlParam } from '@switchboard/sdk';
import { IsArray, IsIn, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/**
 * Mattermost: the Eliza runtime's bot account (`connectors.mattermost`, no runtime schema) and
 * ilert's mattermost connector, which posts through an incoming webhook (`url`).
 */
export class MattermostConfig {
  @Field({ title: 'Bot token', description: 'Access token of a bot account (Integrations > Bot Accounts), shown once on creation' })
  @Secret()
  @IsString()
  @Matches(/^[a-z0-9]{26}$/, { message: 'botToken must be the 26-character token Mattermost issues' })
  botToken?: string;

  @SecretUrlParam({
    title: 'Webhook URL',
    description: 'Incoming webhook URL ilert posts to (Integrations > Incoming Webhooks); its key is the last path segment',
    docsUrl: 'https://developers.mattermost.com/integrate/webhooks/incoming/',
  })
  @IsOptional()
  url?: string;

  @Field({ title: 'Server URL', description: 'Base URL of the Mattermost server: the address its users open', examples: ['https://chat.example.com'] })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  baseUrl?: string;

  @Field({ description: 'When the agent answers: when called by name, on a prefix character, or on every message' })
  @IsOptional()
  @IsIn(['oncall', 'onchar', 'onmessage'])
  chatmode?: string;

  @Field({ description: 'Prefixes that trigger the agent in onchar mode', default: ['>', '!'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  oncharPrefixes?: string[];

  @RequireMentionField('channels', true)
  requireMention?: boolean;

  @ConfigWritesField(true)
  configWrites?: boolean;
}

export default defineConnector({
  type: 'mattermost',
  displayName: 'Mattermost',
  description: 'A Mattermost bot account for the agent, or an incoming webhook for ilert alerts.',
  docsUrl: 'https://developers.mattermost.com/integrate/reference/bot-accounts/',
  config: MattermostConfig,
  elizaRuntime: true,
  // https://developers.mattermost.com/api-documentation/#/operations/GetUser (user_id "me")
  test: {
    baseUrlField: 'baseUrl',
    path: '/api/v4/users/me',
    headers: { Authorization: 'Bearer {botToken}' },
    identity: { path: 'username', prefix: '@' },
  },
});
