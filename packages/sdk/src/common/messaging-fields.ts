import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Field } from '../field.js';

/*
 * Settings several messaging connectors declare, but not all of them (so they cannot live in a
 * shared base class): one decorator each, so its description and rules are written once.
 */

/** Which messages are answered in a thread (eliza-connector-fields.md, section 0.1). */
export const REPLY_TO_MODES = ['off', 'first', 'all'] as const;

/** Several property decorators as one. */
function composed(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (prototype, key) => {
    for (const decorator of decorators) decorator(prototype, key);
  };
}

/** `replyToMode`: which messages are answered in a thread (off, first, all). */
export const ReplyToModeField = (): PropertyDecorator =>
  composed(Field({ description: 'Which messages the agent replies to in a thread' }), IsOptional(), IsIn(REPLY_TO_MODES));

/** `requireMention`, where `place` names the platform's group conversations ("channels", "rooms"). */
export const RequireMentionField = (place: string, defaultValue?: boolean): PropertyDecorator =>
  composed(Field({ description: `Only answer in ${place} when mentioned`, default: defaultValue }), IsOptional(), IsBoolean());

/** `allowBots`, where `senders` names the platform's automated accounts ("bots", "apps"). */
export const AllowBotsField = (senders: string): PropertyDecorator =>
  composed(Field({ description: `Answer messages sent by other ${senders}` }), IsOptional(), IsBoolean());

/** `configWrites`: whether chat commands may change the stored configuration. */
export const ConfigWritesField = (defaultValue?: boolean): PropertyDecorator =>
  composed(Field({ description: 'Whether the agent may change this configuration from chat', default: defaultValue }), IsOptional(), IsBoolean());

/** `reactionNotifications`, with the modes the platform's runtime knows. */
export const ReactionNotificationsField = (modes: readonly string[]): PropertyDecorator =>
  composed(Field({ description: 'Which reactions the agent is told about' }), IsOptional(), IsIn(modes));

/** `reactionLevel`: how much the agent reacts with emoji itself. */
export const ReactionLevelField = (): PropertyDecorator =>
  composed(Field({ description: 'How much the agent reacts with emoji' }), IsOptional(), IsIn(['off', 'ack', 'minimal', 'extensive']));
