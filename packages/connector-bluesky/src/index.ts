import { defineConnector, ElizaAutoPostingConfig, Field, Secret } from '@switchboard/sdk';
import { IsBoolean, IsInt, IsOptional, IsPositive, IsString, IsUrl, Matches } from 'class-validator';

/** Bluesky (proposed key `bluesky`): the Eliza plugin catalog's BLUESKY_* settings, camelCased. */
export class BlueskyConfig extends ElizaAutoPostingConfig {
  @Field({
    title: 'App password',
    description: 'App password of the agent account (Settings > Privacy and security > App passwords)',
    docsUrl: 'https://bsky.app/settings/app-passwords',
  })
  @Secret()
  @IsString()
  password?: string;

  @Field({ description: 'Handle of the agent account, as shown on its profile (e.g. name.bsky.social)', examples: ['agent.bsky.social'] })
  @IsOptional()
  @Matches(/^@?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*$/i, { message: 'handle must be a domain-style handle such as "agent.bsky.social"' })
  handle?: string;

  @Field({ description: "URL of the account's PDS (personal data server); https://bsky.social for accounts hosted by Bluesky", default: 'https://bsky.social' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  service?: string;

  @Field({ description: 'Publish posts on a schedule', default: true })
  @IsOptional()
  @IsBoolean()
  enablePosting?: boolean;

  @Field({ description: 'Publish the first post right away instead of waiting for the schedule' })
  @IsOptional()
  @IsBoolean()
  postImmediately?: boolean;

  @Field({ description: 'Fewest seconds between scheduled posts', default: 1800 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  postIntervalMin?: number;

  @Field({ description: 'Most seconds between scheduled posts', default: 3600 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  postIntervalMax?: number;

  @Field({ description: 'Seconds between timeline action-processing cycles', default: 120 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  actionInterval?: number;

  @Field({ description: 'Longest post the agent writes, in characters', default: 300 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxPostLength?: number;

  @Field({ description: 'Answer direct messages through the chat.bsky API', default: true })
  @IsOptional()
  @IsBoolean()
  enableDms?: boolean;
}

export default defineConnector({
  type: 'bluesky',
  displayName: 'Bluesky',
  description: 'A Bluesky account the agent posts, replies and chats from.',
  docsUrl: 'https://bsky.app/settings/app-passwords',
  config: BlueskyConfig,
  elizaRuntime: true,
});
