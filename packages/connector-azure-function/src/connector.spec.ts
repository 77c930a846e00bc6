import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ authorization: 'azure-fn-header-fake-1b1b' }, {}],
  invalid: [{ config: { authorization: { key: 'x' } }, field: 'authorization' }],
  masks: { authorization: '****' },
});
