import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { dmPolicy: 'allowlist', allowFrom: ['+15550001111'], mediaMaxMb: 50, sendReadReceipts: true },
    {
      dmPolicy: 'open',
      allowFrom: ['*'],
      groupPolicy: 'open',
      ackReaction: { emoji: '👀', group: 'mentions' },
      accounts: { personal: { name: 'Personal', authDir: '/var/lib/agent/wa-personal' } },
    },
  ],
  invalid: [
    { config: { allowFrom: [15550001111] }, field: 'allowFrom' },
    { config: { mediaMaxMb: 2.5 }, field: 'mediaMaxMb' },
    { config: { dmPolicy: 'open', allowFrom: ['+15550001111'] }, field: 'dmPolicy' },
    { config: { debounceMs: -5 }, field: 'debounceMs' },
  ],
});
