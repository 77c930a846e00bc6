import { ApiKeyParams, DescribeParam } from '@switchboard/sdk';

/** ilert's Sysdig connector (EParamsSysdig). */
export class SysdigConfig extends ApiKeyParams {
  @DescribeParam({ title: 'API token', description: 'Sysdig Monitor API token (Settings > User Profile > Sysdig Monitor API)' })
  override apiKey?: string;
}
