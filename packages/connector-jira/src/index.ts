import { defineConnector } from '@switchboard/sdk';
import { JiraConfig } from './config.js';

export { JiraConfig } from './config.js';

export default defineConnector({
  type: 'jira',
  displayName: 'Jira',
  description: 'Creates Jira issues from ilert alerts.',
  docsUrl: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  config: JiraConfig,
});
