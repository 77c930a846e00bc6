import { AuthorizationParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's Google Cloud Functions connector (EParamsGoogleFunction); the function URL is set on each alert action. */
export class GoogleFunctionConfig extends AuthorizationParams {
  @DescribeParam({ description: 'Optional Authorization header value ilert sends when it calls the HTTP function (a secret your function checks)' })
  override authorization?: string;
}

export default defineConnector({
  type: 'google_function',
  // ilert's Go client and Terraform provider call this type google_faas.
  aliases: ['google_faas'],
  displayName: 'Google Cloud Functions',
  description: 'Invokes an HTTP Google Cloud Function for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/gcf',
  config: GoogleFunctionConfig,
});
