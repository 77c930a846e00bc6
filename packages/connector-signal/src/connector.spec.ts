import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { account: '+15557654321', httpUrl: 'http://127.0.0.1:8080', receiveMode: 'on-start', reactionLevel: 'minimal' },
    {
      cliPath: '/opt/signal-cli/bin/signal-cli',
      autoStart: true,
      startupTimeoutMs: 30000,
      dmPolicy: 'pairing',
      accounts: { work: { account: '+15550009999', httpPort: 8081 } },
    },
    { cliPath: 'signal-cli', mediaMaxMb: 8 },
  ],
  invalid: [
    { config: { account: '5557654321' }, field: 'account' },
    { config: { cliPath: 'signal-cli; rm -rf ~' }, field: 'cliPath' },
    { config: { startupTimeoutMs: 500 }, field: 'startupTimeoutMs' },
    { config: { reactionNotifications: 'some' }, field: 'reactionNotifications' },
    { config: { mediaMaxMb: 0.5 }, field: 'mediaMaxMb' },
  ],
});
