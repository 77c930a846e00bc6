import { defineConnector } from '@switchboard/sdk';
import { GithubConfig } from './config.js';

export { GithubConfig } from './config.js';

export default defineConnector({
  type: 'github',
  displayName: 'GitHub',
  description: 'GitHub repositories the agent works with, or the ilert connector that opens issues from alerts.',
  docsUrl: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
  config: GithubConfig,
  // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
  test: {
    origin: 'https://api.github.com',
    path: '/user',
    headers: { Authorization: 'Bearer {apiToken|apiKey}', 'X-GitHub-Api-Version': '2022-11-28' },
    identity: { path: 'login', prefix: '@' },
  },
});
