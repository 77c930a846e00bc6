import { defineConnector } from '@switchboard/sdk';
import { FarcasterConfig } from './config.js';

export { FarcasterConfig } from './config.js';

export default defineConnector({
  type: 'farcaster',
  displayName: 'Farcaster',
  description: 'A Farcaster account the agent casts and replies from, through the Neynar API.',
  docsUrl: 'https://docs.neynar.com/docs/write-to-farcaster-with-neynar-managed-signers',
  config: FarcasterConfig,
});
