import { defineConnector } from '@switchboard/sdk';
import { JiraConfig } from './config.js';

export { JiraConfig } from './config.js';

export default defineConnector({
  type: 'jira',
  displayName: 'Jira',
  description: 'Creates Jira issues from ilert alerts.',
  docsUrl: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  config: JiraConfig,
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/ (basic auth: email + API token)
  test: {
    baseUrlField: 'url',
    path: '/rest/api/3/myself',
    basicAuth: { username: '{email}', password: '{password}' },
    identity: { path: 'emailAddress|displayName' },
  },
});
