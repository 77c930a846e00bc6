import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://acme.zendesk.com', email: 'agent@example.com', apiKey: 'zendesk-api-token-fake-6f6f' }],
  invalid: [
    { config: { url: 'acme.zendesk.com' }, field: 'url' },
    { config: { email: 'agent-at-example' }, field: 'email' },
    { config: { apiKey: 99 }, field: 'apiKey' },
  ],
  masks: { apiKey: '****' },
});
