import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { apiKey: 'lens-app-api-key-7781', profileId: '0x01a2' },
    {
      privateKey: `0x${'ab12'.repeat(16)}`,
      storjApiUsername: 'lens-pinning',
      storjApiPassword: 'storj-pinning-pass-55',
      pollInterval: 120,
      dryRun: true,
    },
  ],
  invalid: [
    { config: { privateKey: 'nothex' }, field: 'privateKey' },
    { config: { profileId: 'my-profile' }, field: 'profileId' },
    { config: { dryRun: 'yes' }, field: 'dryRun' },
  ],
  masks: { apiKey: '****' },
});
