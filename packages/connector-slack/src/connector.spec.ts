import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { botToken: 'xoxb-1111-2222-slackbot', appToken: 'xapp-1-A1-slackapp', mode: 'socket' },
    { mode: 'http', botToken: 'xoxb-3333', signingSecret: 'slack-signing-secret-1', userToken: 'xoxp-user-token-9', userTokenReadOnly: true },
    {},
  ],
  invalid: [
    { config: { botToken: 'xoxp-not-a-bot-token' }, field: 'botToken' },
    { config: { appToken: 'xoxb-wrong-kind' }, field: 'appToken' },
    { config: { mode: 'carrier-pigeon' }, field: 'mode' },
  ],
  masks: { botToken: '****', appToken: '****' },
});
