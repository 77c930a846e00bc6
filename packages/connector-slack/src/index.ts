import { defineConnector } from '@switchboard/sdk';
import { SlackConfig } from './config.js';

export { SlackConfig } from './config.js';

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
