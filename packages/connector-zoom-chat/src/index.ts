import { defineConnector } from '@switchboard/sdk';
import { ZoomChatConfig } from './config.js';

export { ZoomChatConfig } from './config.js';

export default defineConnector({
  type: 'zoom_chat',
  displayName: 'Zoom Team Chat',
  description: 'Posts ilert alerts to a Zoom Team Chat channel via the Incoming Webhook app (field set is our proposal).',
  docsUrl: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0067640',
  config: ZoomChatConfig,
});
