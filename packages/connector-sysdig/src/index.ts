import { defineConnector } from '@switchboard/sdk';
import { SysdigConfig } from './config.js';

export { SysdigConfig } from './config.js';

export default defineConnector({
  type: 'sysdig',
  displayName: 'Sysdig',
  description: 'Posts ilert alert events to Sysdig Monitor.',
  docsUrl: 'https://docs.sysdig.com/en/docs/administration/administration-settings/user-profile-and-password/retrieve-the-sysdig-api-token/',
  config: SysdigConfig,
});
