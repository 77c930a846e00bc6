import { defineConnector } from '@switchboard/sdk';
import { AwsLambdaConfig } from './config.js';

export { AwsLambdaConfig } from './config.js';

export default defineConnector({
  type: 'aws_lambda',
  displayName: 'AWS Lambda',
  description: 'Invokes an AWS Lambda function over HTTPS for ilert alerts.',
  docsUrl: 'https://docs.ilert.com/integrations/aws-lambda',
  config: AwsLambdaConfig,
});
