import { defineConnector } from '@switchboard/sdk';
import { StatuspageConfig } from './config.js';

export { StatuspageConfig } from './config.js';

export default defineConnector({
  type: 'statuspage_io',
  // ilert's Go client and Terraform provider spell the type this way.
  aliases: ['status_page_io'],
  displayName: 'Statuspage',
  description: 'Opens and updates Atlassian Statuspage incidents from ilert alerts.',
  docsUrl: 'https://developer.statuspage.io/#section/Authentication',
  config: StatuspageConfig,
});
