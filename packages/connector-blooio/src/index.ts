import { defineConnector } from '@switchboard/sdk';
import { BlooioConfig } from './config.js';

export { BlooioConfig } from './config.js';

export default defineConnector({
  type: 'blooio',
  displayName: 'Blooio',
  description: 'iMessage and SMS through the Blooio messaging API.',
  docsUrl: 'https://docs.blooio.com/quickstart',
  config: BlooioConfig,
});
