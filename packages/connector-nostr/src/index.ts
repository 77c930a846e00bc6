import { defineConnector } from '@switchboard/sdk';
import { NostrConfig } from './config.js';

export { NostrConfig } from './config.js';

export default defineConnector({
  type: 'nostr',
  displayName: 'Nostr',
  description: 'A Nostr identity the agent posts and answers direct messages with, over the relays you choose.',
  docsUrl: 'https://github.com/nostr-protocol/nips/blob/master/19.md',
  config: NostrConfig,
});
