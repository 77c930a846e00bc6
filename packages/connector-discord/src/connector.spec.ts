import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { token: 'MTIzNDU2Nzg5.discord-bot-token' },
    {
      botToken: 'legacy-discord-bot-token',
      url: 'https://discord.com/api/webhooks/1234/webhook-secret-part',
      dm: { enabled: true, policy: 'pairing' },
      guilds: { '1': { requireMention: true } },
    },
  ],
  invalid: [
    { config: { token: 42 }, field: 'token' },
    { config: { url: 'ftp://discord.com/x' }, field: 'url' },
    { config: { maxLinesPerMessage: 0 }, field: 'maxLinesPerMessage' },
  ],
  masks: { token: '****' },
});
