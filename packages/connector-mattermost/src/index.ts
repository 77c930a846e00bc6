import { defineConnector } from '@switchboard/sdk';
import { MattermostConfig } from './config.js';

export { MattermostConfig } from './config.js';

export default defineConnector({
  type: 'mattermost',
  displayName: 'Mattermost',
  description: 'A Mattermost bot account for the agent, or an incoming webhook for ilert alerts.',
  docsUrl: 'https://developers.mattermost.com/integrate/reference/bot-accounts/',
  config: MattermostConfig,
  // https://developers.mattermost.com/api-documentation/#/operations/GetUser (user_id "me")
  test: {
    baseUrlField: 'baseUrl',
    path: '/api/v4/users/me',
    headers: { Authorization: 'Bearer {botToken}' },
    identity: { path: 'username', prefix: '@' },
  },
});
