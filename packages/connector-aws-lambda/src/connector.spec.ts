import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ authorization: 'Bearer lambda-shared-secret-fake-0a0a' }, {}],
  invalid: [{ config: { authorization: 42 }, field: 'authorization' }],
  masks: { authorization: '****' },
});
