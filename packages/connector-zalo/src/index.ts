import { defineConnector } from '@switchboard/sdk';
import { ZaloConfig } from './config.js';

export { ZaloConfig } from './config.js';

export default defineConnector({
  type: 'zalo',
  displayName: 'Zalo',
  description: 'A Zalo Official Account the agent chats through.',
  docsUrl: 'https://developers.zalo.me/docs/api/official-account-api/phu-luc/official-account-access-token-post-4307',
  config: ZaloConfig,
});
