import { Field, Secret } from '@switchboard/sdk';
import { IsEmail, IsString, IsUrl } from 'class-validator';

/** ilert's Jira connector (EParamsJira): the Jira site and an account's API token. */
export class JiraConfig {
  @Field({ title: 'Jira URL', description: 'Base URL of the Jira site', examples: ['https://your-team.atlassian.net'] })
  @IsUrl({ require_protocol: true, require_tld: false })
  url?: string;

  @Field({ description: 'Email address of the Jira account ilert acts as' })
  @IsEmail()
  email?: string;

  @Field({ title: 'API token', description: 'API token of that account (id.atlassian.com > Security > API tokens)' })
  @Secret()
  @IsString()
  password?: string;
}
