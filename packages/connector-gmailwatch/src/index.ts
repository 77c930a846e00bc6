import { defineConnector } from '@switchboard/sdk';
import { GmailWatchConfig } from './config.js';

export { GmailWatchConfig } from './config.js';

export default defineConnector({
  type: 'gmailwatch',
  displayName: 'Gmail Watch',
  description: 'Watches a Gmail mailbox through Pub/Sub push and hands new mail to the agent.',
  docsUrl: 'https://developers.google.com/workspace/gmail/api/guides/push',
  config: GmailWatchConfig,
});
