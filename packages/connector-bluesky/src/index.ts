import { defineConnector } from '@switchboard/sdk';
import { BlueskyConfig } from './config.js';

export { BlueskyConfig } from './config.js';

export default defineConnector({
  type: 'bluesky',
  displayName: 'Bluesky',
  description: 'A Bluesky account the agent posts, replies and chats from.',
  docsUrl: 'https://bsky.app/settings/app-passwords',
  config: BlueskyConfig,
});
