import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://helpdesk.example.com', apiKey: 'zammad-access-token-fake-4e4e' }],
  invalid: [
    { config: { url: 'not a url' }, field: 'url' },
    { config: { apiKey: 12 }, field: 'apiKey' },
  ],
  masks: { apiKey: '****' },
});
