import { defineConnector } from '@switchboard/sdk';
import { NextcloudTalkConfig } from './config.js';

export { NextcloudTalkConfig } from './config.js';

export default defineConnector({
  type: 'nextcloudtalk',
  displayName: 'Nextcloud Talk',
  description: 'A Nextcloud Talk bot the agent chats through.',
  docsUrl: 'https://nextcloud-talk.readthedocs.io/en/latest/bots/',
  config: NextcloudTalkConfig,
});
