import { defineConnector } from '@switchboard/sdk';
import { ZammadConfig } from './config.js';

export { ZammadConfig } from './config.js';

export default defineConnector({
  type: 'zammad',
  displayName: 'Zammad',
  description: 'Creates Zammad tickets from ilert alerts (fields as ilert clients send them; no published schema).',
  docsUrl: 'https://docs.zammad.org/en/latest/api/intro.html',
  config: ZammadConfig,
});
