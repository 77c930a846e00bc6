import { AuthorizationParams, DescribeParam } from '@switchboard/sdk';

/** ilert's Azure Functions connector (EParamsAzureFunction); the function URL is set on each alert action. */
export class AzureFunctionConfig extends AuthorizationParams {
  @DescribeParam({ description: 'Optional Authorization header value ilert sends when it calls the HTTP-triggered function (a secret your function checks)' })
  override authorization?: string;
}
