import { ApiKeyParams, DescribeParam } from '@switchboard/sdk';

/** ilert's Datadog connector (EParamsDatadog). */
export class DatadogConfig extends ApiKeyParams {
  @DescribeParam({ description: 'Datadog API key (Organization Settings > API Keys)' })
  override apiKey?: string;
}
