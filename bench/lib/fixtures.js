// Realistic connector configs (secrets included) and Eliza config files seeded with them directly, in
// the format ElizaFileStore reads: `connectors` is name -> config, and the `switchboard` key holds
// { format: 1, connectors: { <name>: { id, type, createdAt, updatedAt, version, seq } } }.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A small seeded generator (mulberry32): the same fixtures on every run. */
function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const text = (alphabet, length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const digits = (length) => text('0123456789', length);
  return { next, text, digits };
}

/** One builder per platform: configs as the Eliza runtime / ilert would store them, valid for the plugin. */
const BUILDERS = {
  telegram: (g, i) => ({
    botToken: `${7_000_000_000 + i}:AAH${g.text(ALNUM, 32)}`,
    dmPolicy: 'allowlist',
    allowFrom: [g.digits(9), g.digits(9)],
    groupPolicy: 'allowlist',
    groupAllowFrom: [g.digits(9)],
    historyLimit: 50,
    textChunkLimit: 4000,
    streamMode: 'partial',
    replyToMode: 'first',
    webhookUrl: `https://bots.example.com/telegram/${i}`,
    webhookSecret: g.text(ALNUM, 40),
    proxy: `http://relay:${g.text(ALNUM, 16)}@proxy.example.com:3128`,
    linkPreview: true,
    timeoutSeconds: 30,
  }),
  discord: (g, i) => ({
    token: `MT${g.text(ALNUM, 24)}.${g.text(ALNUM, 6)}.${g.text(ALNUM, 38)}`,
    applicationId: g.digits(19),
    allowBots: false,
    maxLinesPerMessage: 17,
    replyToMode: 'off',
    groupPolicy: 'allowlist',
    historyLimit: 20,
    textChunkLimit: 2000,
    url: `https://discord.com/api/webhooks/${g.digits(19)}/${g.text(ALNUM, 68)}`,
    name: `ops-bot-${i}`,
  }),
  slack: (g) => ({
    mode: 'socket',
    botToken: `xoxb-${g.digits(12)}-${g.digits(13)}-${g.text(ALNUM, 24)}`,
    appToken: `xapp-1-A${g.text(ALNUM, 10)}-${g.digits(13)}-${g.text(HEX, 64)}`,
    signingSecret: g.text(HEX, 32),
    userTokenReadOnly: true,
    requireMention: true,
    replyToMode: 'all',
    groupPolicy: 'open',
    historyLimit: 30,
    chunkMode: 'newline',
  }),
  jira: (g, i) => ({
    url: `https://team-${i}.atlassian.net`,
    email: `ops${i}@example.com`,
    password: `ATATT3x${g.text(ALNUM, 40)}`,
  }),
  github: (g, i) => ({
    apiToken: `ghp_${g.text(ALNUM, 36)}`,
    owner: 'example-org',
    repo: `service-${i}`,
    branch: 'main',
    webhookSecret: g.text(HEX, 40),
  }),
  matrix: (g, i) => ({
    homeserver: 'https://matrix.example.org',
    userId: `@agent${i}:example.org`,
    accessToken: `syt_${g.text(ALNUM, 12)}_${g.text(ALNUM, 20)}_${g.text(ALNUM, 6)}`,
    deviceId: g.text('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 10),
    rooms: [`!${g.text(ALNUM, 18)}:example.org`, '#ops:example.org'],
    autoJoin: true,
    encryption: false,
    requireMention: true,
  }),
  mattermost: (g) => ({
    botToken: g.text(LOWER, 26),
    baseUrl: 'https://chat.example.com',
    chatmode: 'oncall',
    oncharPrefixes: ['>', '!'],
    requireMention: true,
  }),
  twilio: (g, i) => ({
    accountSid: `AC${g.text(HEX, 32)}`,
    authToken: g.text(HEX, 32),
    phoneNumber: `+1415555${String(1000 + (i % 9000)).padStart(4, '0')}`,
    webhookUrl: 'https://voice.example.com/twilio',
    voiceCallEnabled: false,
  }),
};

export const FIXTURE_TYPES = Object.keys(BUILDERS);

/** The i-th connector of a store: a name, its plugin type and a config. */
export function connectorAt(i, seed = 1) {
  const type = FIXTURE_TYPES[i % FIXTURE_TYPES.length];
  const g = generator(seed * 1_000_003 + i);
  return { name: `${type}-${String(i).padStart(6, '0')}`, type, config: BUILDERS[type](g, i) };
}

/** A fresh config for an existing connector (what a client POSTs to change it): new secrets, same shape. */
export function updatedConfig(i, round) {
  return connectorAt(i, 7919 + round).config;
}

/** Where the file store keeps its metadata beside a config file (core's `metadataFilePath`). */
export function metadataFileOf(path) {
  return `${path}.switchboard.json`;
}

/**
 * Writes an Eliza config file holding `count` connectors, and Switchboard's metadata file beside
 * it, as the file store would have written them. Returns the records (name, id, type) in creation order.
 */
export async function writeElizaConfig(path, count) {
  const connectors = {};
  const metadata = {};
  const records = [];
  const at = '2026-11-01T12:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const { name, type, config } = connectorAt(i);
    const id = randomUUID();
    connectors[name] = config;
    metadata[name] = { id, type, createdAt: at, updatedAt: at, version: 1, seq: i + 1 };
    records.push({ index: i, name, id, type });
  }
  const document = {
    agents: { defaults: { model: 'anthropic/claude' } },
    env: {},
    connectors,
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  await writeFile(metadataFileOf(path), `${JSON.stringify({ format: 2, connectors: metadata }, null, 2)}\n`, { mode: 0o600 });
  return records;
}
