import { AuthorizationParams, DescribeParam } from '@switchboard/sdk';

/** ilert's Google Cloud Functions connector (EParamsGoogleFunction); the function URL is set on each alert action. */
export class GoogleFunctionConfig extends AuthorizationParams {
  @DescribeParam({ description: 'Optional Authorization header value ilert sends when it calls the HTTP function (a secret your function checks)' })
  override authorization?: string;
}
