import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ authorization: 'Basic Z2NmLWZha2UtMmMyYw==' }, {}],
  invalid: [{ config: { authorization: true }, field: 'authorization' }],
  masks: { authorization: '****' },
});
