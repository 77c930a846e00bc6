import { ApiKeyParams, DescribeParam } from '@switchboard/sdk';

/** ilert's Statuspage connector (EParamsStatusPageIO). */
export class StatuspageConfig extends ApiKeyParams {
  @DescribeParam({ description: 'Statuspage organization API key (manage.statuspage.io > your avatar > API info)' })
  override apiKey?: string;
}
