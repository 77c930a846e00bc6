import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { cliPath: '/usr/local/bin/imsg', dbPath: '/Users/agent/Library/Messages/chat.db', service: 'auto' },
    {
      cliPath: '~/.agent/scripts/imsg-over-ssh',
      remoteHost: 'bot@mac-mini.local',
      includeAttachments: true,
      groups: { 'chat-42': { requireMention: true } },
    },
  ],
  invalid: [
    { config: { cliPath: 'imsg `whoami`' }, field: 'cliPath' },
    { config: { cliPath: '--help' }, field: 'cliPath' },
    { config: { service: 'carrier-pigeon' }, field: 'service' },
    { config: { mediaMaxMb: 12.5 }, field: 'mediaMaxMb' },
  ],
});
