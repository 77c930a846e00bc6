import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { channelAccessToken: 'LINEchannelAccessToken+/abc=', channelSecret: '0123456789abcdef0123456789abcdef', webhookPath: '/line/webhook' },
    { channelAccessToken: 'second-line-token', dmPolicy: 'allowlist', allowFrom: ['U4af4980629'], groupPolicy: 'disabled' },
  ],
  invalid: [
    { config: { channelSecret: 'short-secret' }, field: 'channelSecret' },
    { config: { webhookPath: 'line/webhook' }, field: 'webhookPath' },
    { config: { groupPolicy: 'everyone' }, field: 'groupPolicy' },
    { config: { dmPolicy: 'open' }, field: 'dmPolicy' },
  ],
  masks: { channelAccessToken: '****', channelSecret: '****' },
});
