import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      url: 'https://integrations.zoom.us/chat/webhooks/incomingwebhook/zoomWebhookIdFake0cc33',
      authorization: 'zoom-verification-token-fake-dd44',
    },
  ],
  invalid: [
    { config: { url: 'integrations.zoom.us/chat' }, field: 'url' },
    { config: { authorization: 1 }, field: 'authorization' },
  ],
  masks: { url: 'https://integrations.zoom.us/****/****/****/****', authorization: '****' },
});
