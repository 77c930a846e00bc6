import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { privateKey: `nsec1${'q'.repeat(58)}`, relays: ['wss://relay.damus.io', 'wss://nos.lol'], dmPolicy: 'pairing' },
    { privateKey: '7e'.repeat(32), relays: ['ws://localhost:7777'], dmPolicy: 'open', allowFrom: ['*'] },
  ],
  invalid: [
    { config: { privateKey: 'npub1notasecretkey' }, field: 'privateKey' },
    { config: { relays: ['https://relay.example.com'] }, field: 'relays' },
    { config: { relays: [] }, field: 'relays' },
    { config: { dmPolicy: 'open', allowFrom: ['npub1friend'] }, field: 'dmPolicy' },
  ],
  masks: { privateKey: '****' },
});
