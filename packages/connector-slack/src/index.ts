import { AllowBotsField, defineConnector, Field, MessagingConfig, ReplyToModeField, RequireMentionField, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** Slack app settings as the Eliza runtime reads them; ilert's Slack connector takes no params. */
export class SlackConfig extends MessagingConfig {
  @Field({ description: 'Socket Mode (appToken) or HTTP events (signingSecret)', default: 'socket' })
  @IsOptional()
  @IsIn(['socket', 'http'])
  mode?: string;

  @Field({ title: 'Bot token', description: 'Bot User OAuth Token (xoxb-...): api.slack.com/apps > your app > OAuth & Permissions, after installing the app' })
  @Secret()
  @IsString()
  @Matches(/^xoxb-/, { message: 'botToken must be a bot token starting with "xoxb-"' })
  botToken?: string;

  @Field({
    title: 'App token',
    description: 'App-level token (xapp-...) with connections:write, for Socket Mode: your app > Basic Information > App-Level Tokens',
    docsUrl: 'https://api.slack.com/apis/connections/socket',
  })
  @Secret()
  @IsOptional()
  @IsString()
  @Matches(/^xapp-/, { message: 'appToken must be an app-level token starting with "xapp-"' })
  appToken?: string;

  @Field({ description: 'User OAuth Token (xoxp-...) for actions as a user: your app > OAuth & Permissions' })
  @Secret()
  @IsOptional()
  @IsString()
  userToken?: string;

  @Field({ description: 'Use the user token for reads only', default: true })
  @IsOptional()
  @IsBoolean()
  userTokenReadOnly?: boolean;

  @Field({
    description: 'Signing secret: your app > Basic Information > App Credentials; required in http mode',
    docsUrl: 'https://api.slack.com/authentication/verifying-requests-from-slack',
  })
  @Secret()
  @IsOptional()
  @IsString()
  signingSecret?: string;

  @Field({ description: 'Path of the events endpoint in http mode', default: '/slack/events' })
  @IsOptional()
  @IsString()
  webhookPath?: string;

  @AllowBotsField('bots')
  allowBots?: boolean;

  @RequireMentionField('channels')
  requireMention?: boolean;

  @ReplyToModeField()
  replyToMode?: string;
}

export default defineConnector({
  type: 'slack',
  displayName: 'Slack',
  description: 'A Slack app for the agent, or the ilert Slack connector.',
  docsUrl: 'https://api.slack.com/authentication/token-types',
  config: SlackConfig,
  elizaRuntime: true,
  // https://docs.slack.dev/reference/methods/auth.test: refusals are HTTP 200 with ok:false and an error code
  test: {
    method: 'POST',
    origin: 'https://slack.com',
    path: '/api/auth.test',
    headers: { Authorization: 'Bearer {botToken}' },
    okField: 'ok',
    errorField: 'error',
    authErrors: ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type'],
    identity: { path: 'user', prefix: '@' },
  },
});
