import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ apiKey: 'statuspage-org-key-fake-77aa' }],
  invalid: [{ config: { apiKey: false }, field: 'apiKey' }],
  masks: { apiKey: '****' },
});
