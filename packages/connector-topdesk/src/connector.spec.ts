import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://acme.topdesk.net', username: 'ilert-operator', password: 'topdesk-app-pass-fake-8h8h' }],
  invalid: [
    { config: { url: '/tas/api' }, field: 'url' },
    { config: { password: { nested: true } }, field: 'password' },
  ],
  masks: { password: '****' },
});
