import { DescribeParam, UrlBasicAuthParams } from '@switchboard/sdk';

/** ilert's ServiceNow connector (EParamsServiceNow): basic auth against the instance's REST API. */
export class ServiceNowConfig extends UrlBasicAuthParams {
  @DescribeParam({ description: 'URL of your ServiceNow instance', examples: ['https://your-instance.service-now.com'] })
  override url?: string;

  @DescribeParam({ description: 'User ID of the ServiceNow user ilert acts as (User Administration > Users; itil role)' })
  override username?: string;
}
