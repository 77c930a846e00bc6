import { defineConnector } from '@switchboard/sdk';
import { AutotaskConfig } from './config.js';

export { AutotaskConfig } from './config.js';

export default defineConnector({
  type: 'autotask',
  displayName: 'Autotask PSA',
  description: 'Creates Autotask PSA tickets from ilert alerts (fields as ilert clients send them; no published schema).',
  docsUrl: 'https://ww3.autotask.net/help/DeveloperHelp/Content/APIs/General/Define_API_User.htm',
  config: AutotaskConfig,
});
