import { defineConnector } from '@switchboard/sdk';
import { GoogleChatConfig } from './config.js';

export { GoogleChatConfig } from './config.js';

export default defineConnector({
  type: 'googlechat',
  aliases: ['google_chat_bot'],
  displayName: 'Google Chat',
  description: 'A Google Chat app for the agent, or a space webhook for ilert alerts.',
  docsUrl: 'https://developers.google.com/workspace/chat/authenticate-authorize-chat-app',
  config: GoogleChatConfig,
});
