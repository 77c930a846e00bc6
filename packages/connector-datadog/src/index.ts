import { defineConnector } from '@switchboard/sdk';
import { DatadogConfig } from './config.js';

export { DatadogConfig } from './config.js';

export default defineConnector({
  type: 'datadog',
  displayName: 'Datadog',
  description: 'Posts ilert alert events to Datadog.',
  docsUrl: 'https://docs.datadoghq.com/account_management/api-app-keys/',
  config: DatadogConfig,
});
