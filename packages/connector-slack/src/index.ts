import { defineConnector } from '@switchboard/sdk';
import { SlackConfig } from './config.js';

export { SlackConfig } from './config.js';

export default defineConnector({
  type: 'slack',
  displayName: 'Slack',
  description: 'A Slack app for the agent, or the ilert Slack connector.',
  docsUrl: 'https://api.slack.com/authentication/token-types',
  config: SlackConfig,
});
