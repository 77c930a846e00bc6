import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      appId: 'wx1234567890abcdef',
      appSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      token: 'wechatServerToken42',
      encodingAESKey: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456',
    },
  ],
  invalid: [
    { config: { appId: 'gh_1234567890ab' }, field: 'appId' },
    { config: { token: 'to' }, field: 'token' },
    { config: { encodingAESKey: 'too-short-key' }, field: 'encodingAESKey' },
    { config: { appSecret: 'secret with spaces and too long for wechat' }, field: 'appSecret' },
  ],
  masks: { appSecret: '****', token: '****', encodingAESKey: '****' },
});
