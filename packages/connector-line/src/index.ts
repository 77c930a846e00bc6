import { defineConnector } from '@switchboard/sdk';
import { LineConfig } from './config.js';

export { LineConfig } from './config.js';

export default defineConnector({
  type: 'line',
  displayName: 'LINE',
  description: 'A LINE Official Account (Messaging API channel) the agent chats through.',
  docsUrl: 'https://developers.line.biz/en/docs/messaging-api/channel-access-tokens/',
  config: LineConfig,
});
