import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { serverUrl: 'http://192.168.1.100:1234', password: 'bb-server-pass-7781', webhookPath: '/bluebubbles-webhook' },
    {
      serverUrl: 'https://bb.example.net',
      password: 'another-bb-password',
      sendReadReceipts: true,
      actions: { reactions: true, unsend: false },
      accounts: { spare: { serverUrl: 'http://10.0.0.8:1234', password: 'spare-bb-password' } },
    },
  ],
  invalid: [
    { config: { serverUrl: '192.168.1.100:1234' }, field: 'serverUrl' },
    { config: { password: 1234 }, field: 'password' },
    { config: { dmPolicy: 'sometimes' }, field: 'dmPolicy' },
  ],
  masks: { password: '****' },
});
