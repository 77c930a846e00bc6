import { defineConnector, Field, MessagingConfig, REPLY_TO_MODES, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** Slack app settings as the Eliza runtime reads them; ilert's Slack connector takes no params. */
export class SlackConfig extends MessagingConfig {
  @Field({ description: 'Socket Mode (appToken) or HTTP events (signingSecret)', default: 'socket' })
  @IsOptional() @IsIn(['socket', 'http'])
  mode?: string;

  @Field({ title: 'Bot token', description: 'Bot User OAuth Token (xoxb-...), from OAuth & Permissions' })
  @Secret()
  @IsString() @Matches(/^xoxb-/, { message: 'botToken must be a bot token starting with "xoxb-"' })
  botToken?: string;

  @Field({ title: 'App token', description: 'App-level token (xapp-...) for Socket Mode, from Basic Information' })
  @Secret()
  @IsOptional() @IsString() @Matches(/^xapp-/, { message: 'appToken must be an app-level token starting with "xapp-"' })
  appToken?: string;

  @Field({ description: 'User OAuth Token (xoxp-...) for actions as a user' })
  @Secret()
  @IsOptional() @IsString()
  userToken?: string;

  @Field({ description: 'Use the user token for reads only', default: true })
  @IsOptional() @IsBoolean()
  userTokenReadOnly?: boolean;

  @Field({ description: 'Signing secret (Basic Information); required in http mode' })
  @Secret()
  @IsOptional() @IsString()
  signingSecret?: string;

  @Field({ description: 'Path of the events endpoint in http mode', default: '/slack/events' })
  @IsOptional() @IsString()
  webhookPath?: string;

  @Field({ description: 'Answer messages sent by other bots' })
  @IsOptional() @IsBoolean()
  allowBots?: boolean;

  @Field({ description: 'Only answer in channels when mentioned' })
  @IsOptional() @IsBoolean()
  requireMention?: boolean;

  @Field({ description: 'Which messages the agent replies to in a thread' })
  @IsOptional() @IsIn(REPLY_TO_MODES)
  replyToMode?: string;
}

export default defineConnector({
  type: 'slack',
  displayName: 'Slack',
  description: 'A Slack app for the agent, or the ilert Slack connector.',
  docsUrl: 'https://api.slack.com/authentication/token-types',
  config: SlackConfig,
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
