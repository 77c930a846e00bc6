import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      appId: '4318829472635123',
      secretKey: 'zalo-app-secret-key-01',
      accessToken: 'zalo-oa-access-token-01',
      refreshToken: 'zalo-oa-refresh-token-01',
      webhookUrl: 'https://agent.example.com/zalo/webhook',
      webhookPath: '/zalo/webhook',
      webhookPort: 3100,
    },
    { accessToken: 'zalo-oa-access-token-02', usePolling: true, proxyUrl: 'http://zuser:zpass@proxy.example.com:3128' },
  ],
  invalid: [
    { config: { appId: 'app-4318' }, field: 'appId' },
    { config: { webhookUrl: 'http://agent.example.com/zalo' }, field: 'webhookUrl' },
    { config: { webhookPort: 70000 }, field: 'webhookPort' },
    { config: { usePolling: 'yes' }, field: 'usePolling' },
  ],
  masks: { accessToken: '****', secretKey: '****', refreshToken: '****' },
});
