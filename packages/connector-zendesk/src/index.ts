import { defineConnector } from '@switchboard/sdk';
import { ZendeskConfig } from './config.js';

export { ZendeskConfig } from './config.js';

export default defineConnector({
  type: 'zendesk',
  displayName: 'Zendesk',
  description: 'Creates Zendesk Support tickets from ilert alerts.',
  docsUrl: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/',
  config: ZendeskConfig,
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
  // API token auth is basic auth as "<email>/token:<token>"; an unauthenticated caller gets an anonymous user (id null).
  test: {
    baseUrlField: 'url',
    path: '/api/v2/users/me.json',
    basicAuth: { username: '{email}/token', password: '{apiKey}' },
    okField: 'user.id',
    identity: { path: 'user.email|user.name' },
  },
});
