import { defineConnector } from '@switchboard/sdk';
import { ZendeskConfig } from './config.js';

export { ZendeskConfig } from './config.js';

export default defineConnector({
  type: 'zendesk',
  displayName: 'Zendesk',
  description: 'Creates Zendesk Support tickets from ilert alerts.',
  docsUrl: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/',
  config: ZendeskConfig,
});
