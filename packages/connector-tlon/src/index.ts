import { defineConnector } from '@switchboard/sdk';
import { TlonConfig } from './config.js';

export { TlonConfig } from './config.js';

export default defineConnector({
  type: 'tlon',
  displayName: 'Tlon',
  description: 'An Urbit ship the agent chats from in Tlon groups and direct messages.',
  docsUrl: 'https://docs.urbit.org/',
  config: TlonConfig,
});
