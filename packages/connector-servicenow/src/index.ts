import { defineConnector, DescribeParam, UrlBasicAuthParams } from '@switchboard/sdk';

/** ilert's ServiceNow connector (EParamsServiceNow): basic auth against the instance's REST API. */
export class ServiceNowConfig extends UrlBasicAuthParams {
  @DescribeParam({ description: 'URL of your ServiceNow instance: the address its users open', examples: ['https://your-instance.service-now.com'] })
  override url?: string;

  @DescribeParam({ description: 'User ID of the ServiceNow user ilert acts as (User Administration > Users; itil role)' })
  override username?: string;
}

export default defineConnector({
  type: 'servicenow',
  displayName: 'ServiceNow',
  description: 'Creates ServiceNow incidents from ilert alerts.',
  docsUrl: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/',
  config: ServiceNowConfig,
});
