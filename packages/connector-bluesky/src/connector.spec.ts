import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { handle: 'agent.bsky.social', password: 'abcd-efgh-ijkl-mnop' },
    {
      handle: '@helper.example.com',
      password: 'bsky-app-pw-second',
      service: 'https://pds.example.com',
      dryRun: true,
      postIntervalMin: 900,
      postIntervalMax: 1800,
      pollInterval: 30,
      enableDms: false,
    },
  ],
  invalid: [
    { config: { handle: 'not a handle' }, field: 'handle' },
    { config: { service: 'bsky.social' }, field: 'service' },
    { config: { maxPostLength: 0 }, field: 'maxPostLength' },
    { config: { pollInterval: 2.5 }, field: 'pollInterval' },
  ],
  masks: { password: '****' },
});
