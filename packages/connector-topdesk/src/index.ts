import { defineConnector } from '@switchboard/sdk';
import { TopdeskConfig } from './config.js';

export { TopdeskConfig } from './config.js';

export default defineConnector({
  type: 'topdesk',
  displayName: 'TOPdesk',
  description: 'Creates TOPdesk incidents from ilert alerts.',
  docsUrl: 'https://developers.topdesk.com/tutorial.html',
  config: TopdeskConfig,
});
