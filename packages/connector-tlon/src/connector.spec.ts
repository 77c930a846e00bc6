import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      ship: '~sampel-palnet',
      url: 'https://sampel-palnet.tlon.network',
      code: 'lidlut-tabwed-pillex-ridrup',
      groupChannels: ['chat/~sampel-palnet/general'],
      dmAllowlist: ['~zod', '~marzod'],
      autoDiscoverChannels: true,
    },
    { ship: 'dasres-ragnep--lislyt-ribpyl', url: 'http://localhost:8080', code: 'mopfel-winrux-rocwyx-sobtyr' },
  ],
  invalid: [
    { config: { code: 'hunter2' }, field: 'code' },
    { config: { ship: 'Sampel Palnet' }, field: 'ship' },
    { config: { dmAllowlist: ['~zod', 'Bob Smith'] }, field: 'dmAllowlist' },
    { config: { url: 'sampel-palnet' }, field: 'url' },
  ],
  masks: { code: '****' },
});
