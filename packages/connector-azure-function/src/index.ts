import { AuthorizationParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's Azure Functions connector (EParamsAzureFunction); the function URL is set on each alert action. */
export class AzureFunctionConfig extends AuthorizationParams {
  @DescribeParam({ description: 'Optional Authorization header value ilert sends when it calls the HTTP-triggered function (a secret your function checks)' })
  override authorization?: string;
}

export default defineConnector({
  type: 'azure_function',
  // ilert's Go client and Terraform provider call this type azure_faas.
  aliases: ['azure_faas'],
  displayName: 'Azure Functions',
  description: 'Invokes an HTTP-triggered Azure Function for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/azure-functions',
  config: AzureFunctionConfig,
});
