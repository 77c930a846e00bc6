import { ApiKeyParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's Datadog connector (EParamsDatadog). */
export class DatadogConfig extends ApiKeyParams {
  @DescribeParam({ description: 'Datadog API key (Organization Settings > API Keys)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'datadog',
  displayName: 'Datadog',
  description: 'Posts ilert alert events to Datadog.',
  docsUrl: 'https://docs.datadoghq.com/account_management/api-app-keys/',
  config: DatadogConfig,
  // https://docs.datadoghq.com/api/latest/authentication/#validate-api-key (other sites: SWITCHBOARD_PLATFORM_URLS)
  test: {
    origin: 'https://api.datadoghq.com',
    path: '/api/v1/validate',
    headers: { 'DD-API-KEY': '{apiKey}' },
    okField: 'valid',
  },
});
