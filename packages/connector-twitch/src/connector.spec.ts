import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { accessToken: 'oauth:twitch-user-token-9f8e', clientId: 'twitchclientid0001', username: 'agentbot', channel: 'somestreamer' },
    {
      enabled: true,
      accessToken: 'second-twitch-token',
      clientSecret: 'twitch-client-secret-77',
      refreshToken: 'twitch-refresh-token-55',
      channels: 'streamer_one,streamer_two',
      allowedRoles: 'moderator,vip',
      requireMention: true,
    },
  ],
  invalid: [
    { config: { channels: ['streamer_one'] }, field: 'channels' },
    { config: { requireMention: 'yes' }, field: 'requireMention' },
    { config: { accessToken: 12345 }, field: 'accessToken' },
  ],
  masks: { accessToken: '****' },
});
