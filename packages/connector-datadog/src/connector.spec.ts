import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ apiKey: 'dd0api0key0fake0000000000000datadog' }],
  invalid: [{ config: { apiKey: 1234 }, field: 'apiKey' }],
  masks: { apiKey: '****' },
});
