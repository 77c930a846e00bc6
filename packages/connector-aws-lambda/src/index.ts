import { AuthorizationParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's AWS Lambda connector (EParamsAWSLambda); the function URL is set on each alert action. */
export class AwsLambdaConfig extends AuthorizationParams {
  @DescribeParam({ description: 'Optional Authorization header value ilert sends when it calls the function URL (a random string your function checks)' })
  override authorization?: string;
}

export default defineConnector({
  type: 'aws_lambda',
  displayName: 'AWS Lambda',
  description: 'Invokes an AWS Lambda function over HTTPS for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/aws-lambda',
  config: AwsLambdaConfig,
});
