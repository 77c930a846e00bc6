import { ConfigWritesField, defineConnector, DM_POLICIES, ElizaPollingConfig, Field, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, Max, Min } from 'class-validator';

/**
 * X (Twitter) with OAuth 1.0a user-context keys, as the Eliza runtime reads `connectors.twitter`.
 * All four keys come from the developer app's "Keys and tokens" tab.
 */
export class TwitterConfig extends ElizaPollingConfig {
  @Field({ title: 'API key', description: 'API key (consumer key) of the X developer app' })
  @Secret()
  @IsString()
  apiKey?: string;

  @Field({ title: 'API key secret', description: 'API key secret (consumer secret) of the X developer app' })
  @Secret()
  @IsString()
  apiSecretKey?: string;

  @Field({ title: 'Access token', description: 'Access token of the account the agent posts as (generated with read and write permission)' })
  @Secret()
  @IsString()
  accessToken?: string;

  @Field({ title: 'Access token secret', description: 'Access token secret belonging to that access token' })
  @Secret()
  @IsString()
  accessTokenSecret?: string;

  @ConfigWritesField()
  configWrites?: boolean;

  @Field({ description: 'Post new tweets on a schedule', default: true })
  @IsOptional()
  @IsBoolean()
  postEnable?: boolean;

  @Field({ description: 'Post once right after start instead of waiting for the first interval', default: false })
  @IsOptional()
  @IsBoolean()
  postImmediately?: boolean;

  @Field({ description: 'Shortest wait between scheduled posts, in minutes', default: 90 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  postIntervalMin?: number;

  @Field({ description: 'Longest wait between scheduled posts, in minutes', default: 180 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  postIntervalMax?: number;

  @Field({ description: 'Random spread applied to the post interval, 0 to 1', default: 0.1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  postIntervalVariance?: number;

  @Field({ description: 'Reply to mentions of the account', default: true })
  @IsOptional()
  @IsBoolean()
  autoRespondMentions?: boolean;

  @Field({ description: 'Process timeline actions (likes, reposts, replies) automatically', default: true })
  @IsOptional()
  @IsBoolean()
  enableActionProcessing?: boolean;

  @Field({ description: 'Search the timeline for topics to engage with', default: false })
  @IsOptional()
  @IsBoolean()
  searchEnable?: boolean;

  @Field({ description: 'How the home timeline is ranked for engagement', default: 'weighted' })
  @IsOptional()
  @IsIn(['weighted', 'latest'])
  timelineAlgorithm?: string;

  @Field({ description: 'Who may talk to the agent in direct messages', default: 'pairing' })
  @IsOptional()
  @IsIn(DM_POLICIES)
  dmPolicy?: string;

  @Field({ description: 'Attempts per failed API call', default: 3 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  retryLimit?: number;

  @Field({ description: 'Seconds between checks for new mentions and replies', default: 120 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  override pollInterval?: number;

  @Field({ description: 'Longest tweet the agent writes, in characters', default: 4000 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxTweetLength?: number;
}

export default defineConnector({
  type: 'twitter',
  displayName: 'X (Twitter)',
  description: 'An X account the agent posts, replies and answers mentions with.',
  docsUrl: 'https://docs.x.com/fundamentals/authentication/oauth-1-0a/api-key-and-secret',
  config: TwitterConfig,
  elizaRuntime: true,
});
