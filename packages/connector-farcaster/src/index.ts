import { defineConnector, ElizaAutoPostingConfig, Field, Secret } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, IsUUID, IsUrl } from 'class-validator';

/**
 * Farcaster through Neynar: the Eliza plugin catalog's FARCASTER_* and cast settings, camelCased,
 * plus `apiKey`, the name the Eliza connector docs (and its "configured" rule) use for the API key.
 */
export class FarcasterConfig extends ElizaAutoPostingConfig {
  @Field({ title: 'Neynar API key', description: 'Neynar API key, from the Neynar developer portal (dev.neynar.com)' })
  @Secret()
  @IsString()
  neynarApiKey?: string;

  @Field({
    title: 'Signer UUID',
    description: 'UUID of the approved Neynar signer that signs casts for the account (created in the Neynar developer portal); acts with the API key',
  })
  @Secret()
  @IsUUID()
  signerUuid?: string;

  @Field({ title: 'API key (docs name)', description: 'Neynar API key under the name the Eliza connector docs use; set it or neynarApiKey' })
  @Secret()
  @IsOptional()
  @IsString()
  apiKey?: string;

  @Field({ title: 'FID', description: 'Farcaster id (FID) of the account the agent casts as, shown on its profile' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  fid?: number;

  @Field({ description: 'Host of the Farcaster hub the client talks to: a public hub or one you run', default: 'hub.pinata.cloud' })
  @IsOptional()
  @IsUrl({ require_protocol: false })
  hubUrl?: string;

  @Field({ description: 'How new casts reach the agent', default: 'polling' })
  @IsOptional()
  @IsIn(['polling', 'webhook'])
  mode?: string;

  @Field({ description: 'Publish casts on a schedule', default: true })
  @IsOptional()
  @IsBoolean()
  enableCast?: boolean;

  @Field({ description: 'Publish the first cast right away instead of waiting for the schedule' })
  @IsOptional()
  @IsBoolean()
  castImmediately?: boolean;

  @Field({ description: 'Fewest minutes between scheduled casts', default: 90 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  castIntervalMin?: number;

  @Field({ description: 'Most minutes between scheduled casts', default: 180 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  castIntervalMax?: number;

  @Field({ description: 'Minutes between timeline action-processing cycles', default: 5 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  actionInterval?: number;

  @Field({ description: 'Longest cast the agent writes, in characters', default: 320 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxCastLength?: number;
}

export default defineConnector({
  type: 'farcaster',
  displayName: 'Farcaster',
  description: 'A Farcaster account the agent casts and replies from, through the Neynar API.',
  docsUrl: 'https://docs.neynar.com/docs/write-to-farcaster-with-neynar-managed-signers',
  config: FarcasterConfig,
  elizaRuntime: true,
});
