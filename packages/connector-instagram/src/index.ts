import { defineConnector } from '@switchboard/sdk';
import { InstagramConfig } from './config.js';

export { InstagramConfig } from './config.js';

export default defineConnector({
  type: 'instagram',
  displayName: 'Instagram',
  description: 'An Instagram account the agent posts and answers messages from, logged in with its password.',
  docsUrl: 'https://help.instagram.com/566810106808145',
  config: InstagramConfig,
});
