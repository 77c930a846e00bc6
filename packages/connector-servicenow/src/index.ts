import { defineConnector } from '@switchboard/sdk';
import { ServiceNowConfig } from './config.js';

export { ServiceNowConfig } from './config.js';

export default defineConnector({
  type: 'servicenow',
  displayName: 'ServiceNow',
  description: 'Creates ServiceNow incidents from ilert alerts.',
  docsUrl: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/',
  config: ServiceNowConfig,
});
