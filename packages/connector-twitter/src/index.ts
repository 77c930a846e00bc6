import { defineConnector } from '@switchboard/sdk';
import { TwitterConfig } from './config.js';

export { TwitterConfig } from './config.js';

export default defineConnector({
  type: 'twitter',
  displayName: 'X (Twitter)',
  description: 'An X account the agent posts, replies and answers mentions with.',
  docsUrl: 'https://docs.x.com/fundamentals/authentication/oauth-1-0a/api-key-and-secret',
  config: TwitterConfig,
});
