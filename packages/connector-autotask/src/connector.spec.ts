import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://webservices3.autotask.net', email: 'k3yabc123@acme.example', password: 'autotask-secret-fake-9i9i' }],
  invalid: [
    { config: { url: 'webservices3' }, field: 'url' },
    { config: { email: 'not-an-api-username' }, field: 'email' },
    { config: { password: 0 }, field: 'password' },
  ],
  masks: { password: '****' },
});
