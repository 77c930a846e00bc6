import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ apiKey: 'sysdig-monitor-token-fake-5e5e' }],
  invalid: [{ config: { apiKey: ['not', 'a', 'string'] }, field: 'apiKey' }],
  masks: { apiKey: '****' },
});
