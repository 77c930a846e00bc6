import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      homeserver: 'https://matrix.example.org',
      userId: '@agent:example.org',
      accessToken: 'syt_YWdlbnQ_matrixAccessTok_0001',
      deviceId: 'AGENTDEVICE',
      rooms: ['!abcdef:example.org', '#ops:example.org'],
      autoJoin: true,
      encryption: true,
    },
    { homeserver: 'http://synapse:8008', token: 'syt_docs_named_token_0002', requireMention: true },
  ],
  invalid: [
    { config: { homeserver: 'matrix.example.org' }, field: 'homeserver' },
    { config: { userId: 'agent' }, field: 'userId' },
    { config: { rooms: ['general'] }, field: 'rooms' },
    { config: { encryption: 'on' }, field: 'encryption' },
  ],
  masks: { accessToken: '****' },
});
