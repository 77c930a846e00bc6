import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'feishuAppSecret0123456789abcdef', domain: 'lark' },
    { appId: 'cli_9f8e7d6c5b4a3210', allowedChats: ['oc_5ad11d72b830411d72b836c20'], enabled: false },
  ],
  invalid: [
    { config: { appId: 'app_123' }, field: 'appId' },
    { config: { domain: 'larksuite' }, field: 'domain' },
    { config: { allowedChats: 'oc_1,oc_2' }, field: 'allowedChats' },
  ],
  masks: { appSecret: '****' },
});
