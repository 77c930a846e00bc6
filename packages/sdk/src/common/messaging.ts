import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, Min } from 'class-validator';
import { Field } from '../field.js';
import { ConfigWritesField } from './messaging-fields.js';
import { OpenPolicyNeedsWildcard } from './validators.js';

/** Shared enums of the Eliza messaging connectors (eliza-connector-fields.md, section 0.1). */
export const DM_POLICIES = ['pairing', 'allowlist', 'open', 'disabled'] as const;
export const GROUP_POLICIES = ['open', 'disabled', 'allowlist'] as const;
export const CHUNK_MODES = ['length', 'newline'] as const;

/**
 * The settings every Eliza messaging connector shares ("COMMON" without the DM policy, which some
 * platforms keep under `dm`). Connector DTOs extend it rather than repeat it.
 */
export class MessagingConfig {
  @Field({ description: 'Display name of this connector account' })
  @IsOptional()
  @IsString()
  name?: string;

  @Field({ description: 'Set false to keep the connector configured but stopped', default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ConfigWritesField(true)
  configWrites?: boolean;

  @Field({ description: 'Who may talk to the agent in groups', default: 'allowlist' })
  @IsOptional()
  @IsIn(GROUP_POLICIES)
  groupPolicy?: (typeof GROUP_POLICIES)[number];

  @Field({ description: 'Messages of history kept per conversation' })
  @IsOptional()
  @IsInt()
  @Min(0)
  historyLimit?: number;

  @Field({ description: 'Messages of history kept per direct conversation' })
  @IsOptional()
  @IsInt()
  @Min(0)
  dmHistoryLimit?: number;

  @Field({ description: 'Longest message the agent sends before splitting it' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  textChunkLimit?: number;

  @Field({ description: 'How long replies are split: by length or at newlines' })
  @IsOptional()
  @IsIn(CHUNK_MODES)
  chunkMode?: (typeof CHUNK_MODES)[number];

  @Field({ description: 'Stream replies in blocks as they are generated' })
  @IsOptional()
  @IsBoolean()
  blockStreaming?: boolean;

  @Field({ description: 'Largest media file handled, in MB' })
  @IsOptional()
  @IsPositive()
  mediaMaxMb?: number;
}

/** COMMON with the top-level DM policy (`dmPolicy`, `allowFrom`, `groupAllowFrom`). */
export class DirectMessagingConfig extends MessagingConfig {
  @Field({ description: 'Who may message the agent directly; "open" needs "*" in allowFrom', default: 'pairing' })
  @IsOptional()
  @IsIn(DM_POLICIES)
  @OpenPolicyNeedsWildcard('allowFrom')
  dmPolicy?: (typeof DM_POLICIES)[number];

  @Field({ description: 'User ids allowed to message the agent directly ("*" for everyone)' })
  @IsOptional()
  @IsArray()
  allowFrom?: (string | number)[];

  @Field({ description: 'User ids allowed to address the agent in groups' })
  @IsOptional()
  @IsArray()
  groupAllowFrom?: (string | number)[];
}
