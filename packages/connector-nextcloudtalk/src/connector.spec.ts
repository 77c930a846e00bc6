import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      url: 'https://cloud.example.com',
      botSecret: 'nextcloud-talk-bot-secret-0123456789abcdefghij',
      webhookPublicUrl: 'https://agent.example.com/nextcloud',
      webhookHost: '0.0.0.0',
      webhookPort: 3300,
      webhookPath: '/nextcloud',
      allowedRooms: ['a1b2c3d4'],
    },
  ],
  invalid: [
    { config: { botSecret: 'too-short' }, field: 'botSecret' },
    { config: { url: 'cloud.example.com' }, field: 'url' },
    { config: { webhookPort: 'eighty' }, field: 'webhookPort' },
    { config: { allowedRooms: [42] }, field: 'allowedRooms' },
  ],
  masks: { botSecret: '****' },
});
