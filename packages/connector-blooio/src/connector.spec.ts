import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { apiKey: 'sk_live_blooio_key_4242', fromNumber: '+15557654321' },
    {
      apiKey: 'sk_test_blooio_other',
      webhookSecret: 'whsec_blooio_signing_1',
      webhookUrl: 'https://agent.example.com/blooio/webhook',
      webhookPort: 3400,
    },
  ],
  invalid: [
    { config: { fromNumber: '555-765-4321' }, field: 'fromNumber' },
    { config: { webhookPort: 70000 }, field: 'webhookPort' },
    { config: { webhookUrl: 'agent.example.com/hook' }, field: 'webhookUrl' },
  ],
  masks: { apiKey: '****' },
});
