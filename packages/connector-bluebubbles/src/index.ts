import { defineConnector } from '@switchboard/sdk';
import { BlueBubblesConfig } from './config.js';

export { BlueBubblesConfig } from './config.js';

export default defineConnector({
  type: 'bluebubbles',
  displayName: 'BlueBubbles',
  description: 'iMessage through the REST API and webhooks of a BlueBubbles server on a Mac.',
  docsUrl: 'https://bluebubbles.app/install/',
  config: BlueBubblesConfig,
});
