import { defineConnector } from '@switchboard/sdk';
import { AzureFunctionConfig } from './config.js';

export { AzureFunctionConfig } from './config.js';

export default defineConnector({
  type: 'azure_function',
  // ilert's Go client and Terraform provider call this type azure_faas.
  aliases: ['azure_faas'],
  displayName: 'Azure Functions',
  description: 'Invokes an HTTP-triggered Azure Function for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/azure-functions',
  config: AzureFunctionConfig,
});
