import { defineConnector } from '@switchboard/sdk';
import { LensConfig } from './config.js';

export { LensConfig } from './config.js';

export default defineConnector({
  type: 'lens',
  displayName: 'Lens',
  description: 'A Lens Protocol profile the agent posts and replies from.',
  docsUrl: 'https://lens.xyz/docs',
  config: LensConfig,
});
