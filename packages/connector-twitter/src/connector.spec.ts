import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      apiKey: 'x-consumer-key-0001',
      apiSecretKey: 'x-consumer-secret-0002',
      accessToken: '1234567890-x-access-token-0003',
      accessTokenSecret: 'x-access-token-secret-0004',
      postIntervalMin: 60,
      postIntervalMax: 120,
      postIntervalVariance: 0.25,
    },
    { apiKey: 'x-only-key-so-far', dryRun: true, timelineAlgorithm: 'latest', pollInterval: 300 },
  ],
  invalid: [
    { config: { postIntervalVariance: 1.5 }, field: 'postIntervalVariance' },
    { config: { timelineAlgorithm: 'random' }, field: 'timelineAlgorithm' },
    { config: { dmPolicy: 'closed' }, field: 'dmPolicy' },
    { config: { maxTweetLength: 0 }, field: 'maxTweetLength' },
    { config: { accessTokenSecret: ['a', 'b'] }, field: 'accessTokenSecret' },
  ],
  masks: { apiKey: '****', apiSecretKey: '****', accessToken: '****', accessTokenSecret: '****' },
});
