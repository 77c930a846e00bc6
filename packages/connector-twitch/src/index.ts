import { defineConnector } from '@switchboard/sdk';
import { TwitchConfig } from './config.js';

export { TwitchConfig } from './config.js';

export default defineConnector({
  type: 'twitch',
  displayName: 'Twitch',
  description: 'A Twitch bot account that reads and writes channel chat.',
  docsUrl: 'https://dev.twitch.tv/docs/irc/authenticate-bot/',
  config: TwitchConfig,
});
