import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://acme.service-now.com', username: 'ilert.integration', password: 'snow-password-fake-7g7g' }],
  invalid: [
    { config: { url: 'acme.service-now.com' }, field: 'url' },
    { config: { username: 5 }, field: 'username' },
    { config: { password: 5 }, field: 'password' },
  ],
  masks: { password: '****' },
});
