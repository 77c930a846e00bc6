import { defineConnector } from '@switchboard/sdk';
import { IMessageConfig } from './config.js';

export { IMessageConfig } from './config.js';

export default defineConnector({
  type: 'imessage',
  displayName: 'iMessage',
  description: 'The Messages account of a Mac, driven through the imsg command-line tool.',
  docsUrl: 'https://imsg.sh/permissions.html',
  config: IMessageConfig,
});
