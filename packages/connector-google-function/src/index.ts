import { defineConnector } from '@switchboard/sdk';
import { GoogleFunctionConfig } from './config.js';

export { GoogleFunctionConfig } from './config.js';

export default defineConnector({
  type: 'google_function',
  // ilert's Go client and Terraform provider call this type google_faas.
  aliases: ['google_faas'],
  displayName: 'Google Cloud Functions',
  description: 'Invokes an HTTP Google Cloud Function for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/gcf',
  config: GoogleFunctionConfig,
});
