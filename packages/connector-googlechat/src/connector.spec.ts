import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      serviceAccount: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\ngchat-fake-key\\n"}',
      url: 'https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=gchat-webhook-key&token=gchat-webhook-token',
      audienceType: 'app-url',
      audience: 'https://agent.example.com/googlechat',
    },
    {
      serviceAccount: { type: 'service_account', client_email: 'bot@proj.iam.gserviceaccount.com', private_key: 'object-form-private-key' },
      serviceAccountKey: 'gchat-env-service-account-key',
      typingIndicator: 'reaction',
      dm: { enabled: true, policy: 'pairing' },
      defaultAccount: 'main',
    },
  ],
  invalid: [
    { config: { serviceAccount: 42 }, field: 'serviceAccount' },
    { config: { audienceType: 'anyone' }, field: 'audienceType' },
    { config: { url: 'chat.googleapis.com/v1/spaces/x' }, field: 'url' },
    { config: { typingIndicator: 'dots' }, field: 'typingIndicator' },
  ],
  masks: {
    serviceAccount: '****',
    url: 'https://chat.googleapis.com/****/****/****/****?key=****&token=****',
  },
});
