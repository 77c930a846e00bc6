import { defineConnector, ElizaPollingConfig, Field, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, Matches } from 'class-validator';

/**
 * Lens (key `lens`, no schema or catalog entry): `apiKey` as the Eliza connector docs name it, and
 * the settings of Eliza's Lens client (wallet key, profile, Storj pinning, polling, dry run).
 */
export class LensConfig extends ElizaPollingConfig {
  @Field({ title: 'API key', description: "Lens API key of the agent's app, from the Lens developer dashboard" })
  @Secret()
  @IsString()
  apiKey?: string;

  @Field({ title: 'Wallet private key', description: 'Private key (0x + 64 hex) of the EVM wallet that manages the Lens profile' })
  @Secret()
  @IsOptional()
  @Matches(/^(0x)?[0-9a-fA-F]{64}$/, { message: 'privateKey must be a 32-byte hex key, optionally 0x-prefixed' })
  privateKey?: string;

  @Field({ description: 'Password of the Storj IPFS pinning account that stores post content (from the Storj console)' })
  @Secret()
  @IsOptional()
  @IsString()
  storjApiPassword?: string;

  @Field({ description: 'User name of the Storj IPFS pinning account (from the Storj console)' })
  @IsOptional()
  @IsString()
  storjApiUsername?: string;

  @Field({ description: 'Id of the Lens profile the agent posts as (hex, e.g. 0x01a2), owned by the wallet of privateKey' })
  @IsOptional()
  @Matches(/^0x[0-9a-fA-F]+$/, { message: 'profileId must be a hex id such as "0x01a2"' })
  profileId?: string;
}

export default defineConnector({
  type: 'lens',
  displayName: 'Lens',
  description: 'A Lens Protocol profile the agent posts and replies from.',
  docsUrl: 'https://lens.xyz/docs',
  config: LensConfig,
  elizaRuntime: true,
});
