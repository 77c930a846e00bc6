import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { apiToken: 'github_pat_11AGENT0token0one', owner: 'switchboard-org', repo: 'connectors', branch: 'main' },
    {
      appId: '123456',
      installationId: '7890123',
      appPrivateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIEfakeAppKeyBody\n-----END RSA PRIVATE KEY-----\n',
      webhookSecret: 'gh-webhook-secret-0007',
    },
    { apiKey: 'ghp_ilertIssueToken000000000000000000' },
  ],
  invalid: [
    { config: { owner: '-bad-owner' }, field: 'owner' },
    { config: { repo: 'has spaces' }, field: 'repo' },
    { config: { appId: 'my-app' }, field: 'appId' },
    { config: { appPrivateKey: 'ssh-rsa AAAA' }, field: 'appPrivateKey' },
    { config: { apiKey: 12345 }, field: 'apiKey' },
  ],
  masks: { apiToken: '****' },
});
