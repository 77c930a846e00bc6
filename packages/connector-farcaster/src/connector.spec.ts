import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { fid: 4242, neynarApiKey: 'NEYNAR-KEY-FARCASTER-01', signerUuid: '3f1c6a52-8e0b-4c1d-9a7e-2b5d6c7e8f90' },
    {
      apiKey: 'neynar-key-by-docs-name',
      hubUrl: 'https://hub.example.org:2281',
      mode: 'webhook',
      castIntervalMin: 30,
      castIntervalMax: 60,
      dryRun: true,
    },
  ],
  invalid: [
    { config: { signerUuid: 'not-a-uuid' }, field: 'signerUuid' },
    { config: { fid: -3 }, field: 'fid' },
    { config: { mode: 'push' }, field: 'mode' },
    { config: { maxActionsProcessing: 0 }, field: 'maxActionsProcessing' },
  ],
  masks: { neynarApiKey: '****', signerUuid: '****' },
});
