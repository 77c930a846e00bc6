import { describe, expect, it } from '@jest/globals';
import { defineConnector } from '@switchboard/sdk';
import { PluginCatalog } from './plugin-catalog.js';

class EmptyConfig {}
const teams = defineConnector({ type: 'msteams', aliases: ['microsoft_teams_bot'], displayName: 'MS Teams', config: EmptyConfig });
const chat = defineConnector({ type: 'googlechat', aliases: ['google_chat_bot'], displayName: 'Google Chat', config: EmptyConfig });

describe('plugin catalog', () => {
  it('finds a plugin by type, alias or another spelling of either', () => {
    const catalog = new PluginCatalog([teams, chat]);
    for (const name of ['msteams', 'microsoft_teams_bot', 'MS Teams', 'ms-teams']) expect(catalog.resolve(name)).toBe(teams);
    expect(catalog.resolve('Google Chat')).toBe(chat);
    expect(catalog.resolve('slack')).toBeUndefined();
    expect(catalog.plugins.map((p) => p.type)).toEqual(['googlechat', 'msteams']);
  });

  it('refuses two plugins claiming one name, naming both', () => {
    const clash = defineConnector({ type: 'teams', aliases: ['msteams'], displayName: 'Teams', config: EmptyConfig });
    expect(() => new PluginCatalog([teams, clash])).toThrow('connector types "msteams" and "teams" both claim the name "msteams"');
  });

  it('suggests the closest types for a name that matches none, and nothing unrelated', () => {
    const telegram = defineConnector({ type: 'telegram', displayName: 'Telegram', config: EmptyConfig });
    const catalog = new PluginCatalog([teams, chat, telegram]);
    expect(catalog.closest('telegarm')).toEqual(['telegram']);
    expect(catalog.closest('my-telegram')).toEqual(['telegram']);
    expect(catalog.closest('telegram_bot_2')).toEqual(['telegram']);
    expect(catalog.closest('ms_team')).toEqual(['msteams']);
    expect(catalog.closest('google-chat-bots')).toEqual(['googlechat']);
    expect(catalog.closest('acme')).toEqual([]);
    expect(catalog.closest('')).toEqual([]);
    expect(catalog.closest('team', 1)).toEqual(['msteams']);
  });
});
