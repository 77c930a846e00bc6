import { defineConnector } from '@switchboard/sdk';
import { DynamicConfig } from './config.js';

export { DynamicConfig } from './config.js';

export default defineConnector({
  type: 'dynamic',
  displayName: 'Dynamic (generic)',
  description: "ilert's generic connector: an optional endpoint and Authorization value (field set is our proposal).",
  docsUrl: 'https://docs.ilert.com/getting-started/readme#connectors-and-alert-actions-aka-outbound-integrations',
  config: DynamicConfig,
});
