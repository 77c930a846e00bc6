import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { botToken: '123456:ABC-DEF1234ghIkl', dmPolicy: 'pairing' },
    {
      botToken: '987:zz_top',
      webhookUrl: 'https://bot.example.com/telegram',
      webhookSecret: 'wh-secret-telegram-01',
      proxy: 'http://proxyuser:proxypass@proxy.example.com:3128',
      dmPolicy: 'open',
      allowFrom: ['*'],
      accounts: { second: { botToken: '555:second-token' } },
    },
  ],
  invalid: [
    { config: { botToken: 'no-colon-here' }, field: 'botToken' },
    { config: { streamMode: 'sometimes' }, field: 'streamMode' },
    { config: { dmPolicy: 'open', allowFrom: ['42'] }, field: 'dmPolicy' },
    { config: { timeoutSeconds: -1 }, field: 'timeoutSeconds' },
  ],
  masks: { botToken: '****:****' },
});
