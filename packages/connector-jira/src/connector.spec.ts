import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'https://team.atlassian.net', email: 'ops@example.com', password: 'jira-api-token-0001' }],
  invalid: [
    { config: { url: 'team.atlassian' }, field: 'url' },
    { config: { email: 'not-an-email' }, field: 'email' },
    { config: { password: 7 }, field: 'password' },
  ],
  masks: { password: '****' },
});
