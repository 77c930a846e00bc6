import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { type ApiServer, startApi } from './support/api-server.js';
import { launchChromium, pageTexts, seriousA11yViolations } from './support/browser.js';

// The real API serving the built console, driven by Debian's Chromium. Secrets the page must never hold:
const PLANTED_TOKEN = '424242:PLANTED-never-in-the-browser';
const TOKEN = '123456:FIRST-token-typed-in-the-form';
const NEW_TOKEN = '654321:REPLACED-token-typed-in-the-form';
const PLANTED_JIRA_PASSWORD = 'planted-jira-api-token-secret';
const PLANTED_PUSH_TOKEN = 'planted-gmail-push-token-secret';
const DRAFT_TOKEN = '987654:DRAFT-token-tested-never-saved';
const BOT_USERNAME = 'switchboard_fake_bot';

async function fakeTelegram(): Promise<{ server: Server; origin: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    calls.push(request.url ?? '');
    const ok = /^\/bot\d+:[\w-]+\/getMe$/.test(request.url ?? '');
    response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { ok: true, result: { id: 1, is_bot: true, username: BOT_USERNAME } } : { ok: false, description: 'Not Found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

const telegram = await fakeTelegram();
const api: ApiServer = await startApi({
  config: {
    agents: { defaults: {} },
    connectors: {
      telegram: { botToken: PLANTED_TOKEN, dmPolicy: 'pairing' },
      gmailwatch: { account: 'agent@example.com', pushToken: PLANTED_PUSH_TOKEN, serve: { bind: '127.0.0.1', port: 8788, path: '/gmail-pubsub' } },
    },
  },
  env: { SWITCHBOARD_PLATFORM_URLS: `telegram=${telegram.origin}` },
});

let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleLines: string[] = [];

async function config(): Promise<{ connectors: Record<string, Record<string, unknown>> }> {
  return JSON.parse(await readFile(api.configPath, 'utf8')) as { connectors: Record<string, Record<string, unknown>> };
}

async function expectAccessible(p: Page): Promise<void> {
  expect(await seriousA11yViolations(p)).toEqual([]);
}

/** Presses Tab until the focused element has this id or text (a keyboard user's way there). */
async function tabTo(target: string): Promise<void> {
  // Once it is there: a form still loading (a lazy chunk on a busy machine) would let every press go by.
  await page
    .locator(`[id="${target}"]`)
    .or(page.getByRole('button', { name: target, exact: true }))
    .or(page.getByRole('link', { name: target, exact: true }))
    .first()
    .waitFor();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return { id: element?.id ?? '', text: element?.textContent?.trim() ?? '' };
    });
    if (focused.id === target || focused.text === target) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

async function openConnector(name: string): Promise<void> {
  await page.goto(`${api.url}/ui/`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
  await page.getByRole('button', { name: 'Save' }).waitFor();
}

beforeAll(async () => {
  // A connector created on the ilert surface, with a secret planted through it.
  const created = await fetch(`${api.url}/ilert/api/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'ops-jira',
      type: 'jira',
      params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: PLANTED_JIRA_PASSWORD },
    }),
  });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await api.stop();
  await new Promise((resolve) => telegram.server.close(resolve));
});

describe('web console at /ui/', () => {
  it('lists the connectors of both surfaces, without a key prompt on a keyless service', async () => {
    await page.goto(`${api.url}/ui/`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'ops-jira' }).waitFor();
    await expect(table.getByRole('row', { name: /ops-jira/ }).innerText()).resolves.toMatch(/Jira\s+Configured/);
    await expect(table.getByRole('row', { name: /^telegram/ }).innerText()).resolves.toMatch(/Telegram\s+Configured/);
    expect(await page.getByLabel('API key').count()).toBe(0);
    await expectAccessible(page);
  });

  it('loads at most 300 KB of compressed JavaScript before the list is usable', async () => {
    const fresh = await browser.newPage();
    const scripts: Promise<number>[] = [];
    fresh.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => gzipSync(body).length));
    });
    await fresh.goto(`${api.url}/ui/`);
    await fresh.getByRole('link', { name: 'ops-jira' }).waitFor();
    const total = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    expect(scripts.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(300 * 1024);
    await fresh.close();
  });

  it('adds a telegram connector and shows it in the list', async () => {
    await page.goto(`${api.url}/ui/`);
    await page.getByRole('button', { name: 'Add connector' }).click();
    await page.getByLabel('Search types').fill('telegr');
    await page.getByLabel('Type', { exact: true }).selectOption('telegram');
    await page.getByLabel('Name', { exact: true }).fill('support-bot');
    // A required field left empty is flagged in the page, next to the field, before any request.
    await page.getByRole('button', { name: 'Save' }).click();
    const tokenGroup = page.locator('#root_botToken').locator('xpath=ancestor::div[contains(@class, "form-group")][1]');
    await tokenGroup
      .getByText(/required/i)
      .first()
      .waitFor();
    expect((await config()).connectors['support-bot']).toBeUndefined();
    await page.getByLabel('Bot token').fill(TOKEN);
    // Enums are selects, booleans switches, arrays editable.
    await expect(page.getByLabel('Stream mode').evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(page.getByRole('switch', { name: 'Link preview' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    await page.getByRole('link', { name: 'support-bot' }).waitFor();
    expect((await config()).connectors['support-bot']).toMatchObject({ botToken: TOKEN });
  });

  it('filters the list by type ("Show type"), offering the types in use', async () => {
    await page.goto(`${api.url}/ui/`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'ops-jira' }).waitFor();
    const names = async () => (await table.locator('tbody th[scope="row"]').allInnerTexts()).sort();
    const showType = page.getByLabel('Show type');
    await expect(showType.locator('option').allInnerTexts()).resolves.toEqual(['All types', 'Gmail Watch', 'Jira', 'Telegram']);
    await showType.selectOption({ label: 'Jira' });
    await page.getByText('1 of 4 connectors').waitFor();
    await expect(names()).resolves.toEqual(['ops-jira']);
    await showType.selectOption({ label: 'Telegram' });
    await page.getByText('2 of 4 connectors').waitFor();
    await expect(names()).resolves.toEqual(['support-bot', 'telegram']);
    // With the text filter: both apply.
    await page.getByLabel('Filter').fill('support');
    await page.getByText('1 of 4 connectors').waitFor();
    await expect(names()).resolves.toEqual(['support-bot']);
    await page.getByLabel('Filter').fill('');
    await showType.selectOption({ label: 'All types' });
    await page.getByText(/^4 connectors$/).waitFor();
    await expect(names()).resolves.toEqual(['gmailwatch', 'ops-jira', 'support-bot', 'telegram']);
  });

  it('shows the time of the last change of each connector', async () => {
    const record = (await (await fetch(`${api.url}/ilert/api/connectors/name/support-bot`)).json()) as { updatedAt: string };
    await page.goto(`${api.url}/ui/`);
    const table = page.getByRole('table');
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'support-bot', exact: true }) });
    await row.waitFor();
    const column = (await table.getByRole('columnheader').allTextContents()).indexOf('Last change');
    expect(column).toBeGreaterThan(0);
    const time = row.locator('th, td').nth(column).locator('time');
    await expect(time.getAttribute('datetime')).resolves.toBe(record.updatedAt);
    // Shown in the browser's time zone and locale: its year, hour and minute are in the text.
    const [year, hour, minute] = await page.evaluate((iso) => {
      const at = new Date(iso);
      return [at.getFullYear(), at.getHours(), at.getMinutes()];
    }, record.updatedAt);
    const shown = (await time.textContent()) ?? '';
    expect(shown).toContain(String(year));
    expect(shown).toMatch(new RegExp(`\\b(${hour}|${hour % 12 || 12}|${String(hour).padStart(2, '0')}):${String(minute).padStart(2, '0')}\\b`));
  });

  it('shows a 400 next to the field it names', async () => {
    await page.goto(`${api.url}/ui/new`);
    await page.getByLabel('Type', { exact: true }).selectOption('telegram');
    await page.getByLabel('Name', { exact: true }).fill('bad-bot');
    await page.getByLabel('Bot token').fill('777:valid-looking');
    // A mask where nothing is stored: the API refuses it (400) and names the field.
    await page.getByLabel('Webhook secret').fill('****');
    const answer = page.waitForResponse((response) => response.url().endsWith('/ilert/api/connectors') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await answer).status()).toBe(400);
    const field = page.locator('#root_webhookSecret').locator('xpath=ancestor::div[contains(@class, "form-group")][1]');
    // The page renders the error after the answer arrives: wait for it rather than read at once.
    await field.getByText(/webhookSecret holds a redaction mask/).waitFor();
    await expect(page.locator('#root_webhookSecret').getAttribute('aria-describedby')).resolves.toContain('root_webhookSecret__error');
    // Focus moves on the next animation frame after the error renders: wait for it, bounded.
    await page.waitForFunction(() => document.activeElement?.id === 'root_webhookSecret', undefined, { timeout: 5000 });
    await expectAccessible(page);
    expect((await config()).connectors['bad-bot']).toBeUndefined();
  });

  it('edits a non-secret field and keeps the stored token, which the page never holds', async () => {
    await openConnector('support-bot');
    const token = page.locator('#root_botToken');
    await expect(token.innerText()).resolves.toBe('Configured');
    await expect(page.getByRole('button', { name: 'Replace' }).count()).resolves.toBe(1);
    expect(await pageTexts(page)).not.toContain(TOKEN);
    await expectAccessible(page);
    await page.getByLabel('Stream mode').selectOption('block');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    expect((await config()).connectors['support-bot']).toMatchObject({ botToken: TOKEN, streamMode: 'block' });
  });

  it('replaces the token through an empty input', async () => {
    await openConnector('support-bot');
    await page.getByRole('button', { name: 'Replace' }).click();
    const input = page.getByLabel('Bot token');
    await expect(input.inputValue()).resolves.toBe('');
    await input.fill(NEW_TOKEN);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    expect((await config()).connectors['support-bot']).toMatchObject({ botToken: NEW_TOKEN, streamMode: 'block' });
  });

  it('edits the fields of nested objects (Gmail Watch serve and tailscale) and keeps the rest', async () => {
    await openConnector('gmailwatch');
    const serve = page.getByRole('group', { name: 'Serve' });
    await expect(serve.getByLabel('Bind').inputValue()).resolves.toBe('127.0.0.1');
    const port = serve.getByLabel('Port');
    await expect(port.inputValue()).resolves.toBe('8788');
    await expectAccessible(page);
    // A bound of a nested field is checked next to it, before any request.
    await port.fill('70000');
    await page.getByRole('button', { name: 'Save' }).click();
    await serve.getByText(/65535/).first().waitFor();
    await port.fill('8790');
    await page.getByRole('group', { name: 'Tailscale' }).getByLabel('Mode').selectOption('funnel');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    expect((await config()).connectors.gmailwatch).toEqual({
      account: 'agent@example.com',
      pushToken: PLANTED_PUSH_TOKEN,
      serve: { bind: '127.0.0.1', port: 8790, path: '/gmail-pubsub' },
      tailscale: { mode: 'funnel' },
    });
  });

  it('tests an unsaved form against the local fake Telegram, writing nothing', async () => {
    await page.goto(`${api.url}/ui/new`);
    await page.getByLabel('Type', { exact: true }).selectOption('telegram');
    await page.getByLabel('Name', { exact: true }).fill('draft-bot');
    await page.getByLabel('Bot token').fill(DRAFT_TOKEN);
    const file = await readFile(api.configPath, 'utf8');
    const calls = telegram.calls.length;
    await page.getByRole('button', { name: 'Test connection' }).click();
    const outcome = page.getByRole('status').filter({ hasText: /Connection (works|failed)/ });
    await outcome.waitFor();
    await expect(outcome.innerText()).resolves.toMatch(new RegExp(`Connection works[\\s\\S]*@${BOT_USERNAME}`));
    // The fake saw the form's token; the config file and the kept results did not change.
    expect(telegram.calls.slice(calls)).toEqual([`/bot${DRAFT_TOKEN}/getMe`]);
    expect(await readFile(api.configPath, 'utf8')).toBe(file);
    const kept = (await (await fetch(`${api.url}/api/connectors/test`)).json()) as { results: Record<string, unknown> };
    expect(Object.keys(kept.results)).not.toContain('draft-bot');
    await page.goto(`${api.url}/ui/`);
    await page.getByRole('link', { name: 'ops-jira' }).waitFor();
    expect(await page.getByRole('link', { name: 'draft-bot' }).count()).toBe(0);
  });

  it('tests the connection of a saved connector against a local fake Telegram', async () => {
    await openConnector('support-bot');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const outcome = page.getByRole('status').filter({ hasText: /Connection (works|failed)/ });
    await outcome.waitFor();
    await expect(outcome.innerText()).resolves.toMatch(new RegExp(`Connection works[\\s\\S]*@${BOT_USERNAME}[\\s\\S]*Checked`));
    expect(telegram.calls).toContain(`/bot${NEW_TOKEN}/getMe`);
    expect(await pageTexts(page)).not.toContain(NEW_TOKEN);
    // The kept result, not only this tab's: a fresh page's list shows it.
    await page.goto(`${api.url}/ui/`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'support-bot', exact: true }) });
    await expect(row.getByText('Passed').innerText()).resolves.toBe('Passed');
  });

  it('deletes a connector after a confirmation whose button is also "Delete"', async () => {
    await openConnector('support-bot');
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await config()).connectors['support-bot']).toBeDefined();
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    await page.getByRole('link', { name: 'ops-jira' }).waitFor();
    expect(await page.getByRole('link', { name: 'support-bot' }).count()).toBe(0);
    expect((await config()).connectors['support-bot']).toBeUndefined();
  });

  it('adds a connector with the keyboard alone', async () => {
    await page.goto(`${api.url}/ui/`);
    await page.getByRole('link', { name: 'ops-jira' }).waitFor();
    await tabTo('Add connector');
    await page.keyboard.press('Enter');
    await tabTo('type-search');
    await page.keyboard.type('discord');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Type', { exact: true }).inputValue()).resolves.toBe('discord');
    await tabTo('connector-name');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('discord');
    await tabTo('root_token');
    await page.keyboard.type('keyboard-discord-token');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    await page.getByRole('link', { name: 'discord' }).waitFor();
    expect((await config()).connectors.discord).toMatchObject({ token: 'keyboard-discord-token' });
  });

  it('shows the audit trail to a key with the audit permission', async () => {
    await page.goto(`${api.url}/ui/`);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    const table = page.getByRole('table');
    await table
      .getByRole('row', { name: /support-bot/ })
      .first()
      .waitFor();
    await expect(table.innerText()).resolves.toMatch(/delete/);
    await expectAccessible(page);
  });

  it('never puts a stored secret in the page, its storage or its console', async () => {
    for (const path of [
      '/ui/',
      '/ui/connectors/telegram',
      '/ui/connectors/ops-jira',
      '/ui/connectors/discord',
      '/ui/connectors/gmailwatch',
      '/ui/audit',
      '/ui/new',
    ]) {
      await page.goto(`${api.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // Not 'networkidle': the page keeps the change feed's stream open. Wait for what each page loads.
      if (path.startsWith('/ui/connectors/')) await page.getByRole('button', { name: 'Save' }).waitFor();
      if (path === '/ui/' || path === '/ui/audit') await page.getByRole('table').getByRole('row').nth(1).waitFor();
      await page
        .getByText(/^Loading/)
        .first()
        .waitFor({ state: 'detached' });
      const texts = await pageTexts(page);
      for (const secret of [PLANTED_TOKEN, PLANTED_JIRA_PASSWORD, PLANTED_PUSH_TOKEN, TOKEN, NEW_TOKEN, '424242:', 'PLANTED', 'keyboard-discord-token'])
        expect(texts).not.toContain(secret);
    }
    await expect(page.goto(`${api.url}/ui/connectors/telegram`).then(() => page.locator('#root_botToken').innerText())).resolves.toBe('Configured');
    const consoleText = consoleLines.join('\n');
    for (const secret of [PLANTED_TOKEN, PLANTED_JIRA_PASSWORD, PLANTED_PUSH_TOKEN, TOKEN, NEW_TOKEN, DRAFT_TOKEN, 'keyboard-discord-token'])
      expect(consoleText).not.toContain(secret);
    // The strict CSP holds: nothing the console needs was refused.
    expect(consoleText).not.toMatch(/Content Security Policy/i);
  }, 60_000);
});

describe('web console with API keys', () => {
  const ADMIN_KEY = 'admin-key-0123456789abcdef';
  const VIEWER_KEY = 'viewer-key-0123456789abcdef';
  let keyed: ApiServer;
  let tab: Page;

  beforeAll(async () => {
    keyed = await startApi({
      env: { SWITCHBOARD_API_KEYS: `admin:${ADMIN_KEY}:read,write,audit;viewer:${VIEWER_KEY}:read`, RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' },
    });
    tab = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    tab.setDefaultTimeout(8000);
  }, 60_000);

  afterAll(async () => {
    await keyed?.stop();
  });

  it('asks for the key, keeps it for the tab, and asks again on a 401', async () => {
    await tab.goto(`${keyed.url}/ui/`);
    const prompt = tab.getByLabel('API key');
    await prompt.waitFor();
    await expectAccessible(tab);
    await prompt.fill('wrong-key-0123456789abcdef');
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByText('That key was not accepted').waitFor();
    await tab.getByLabel('API key').fill(VIEWER_KEY);
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByRole('heading', { name: 'Connectors' }).waitFor();
    // Read-only: adding is disabled, with the reason.
    // The reason appears once the key's permissions are known; the button is read after it.
    await tab.getByText('lacks the write permission').waitFor();
    await expect(tab.getByRole('button', { name: 'Add connector' }).isDisabled()).resolves.toBe(true);
    await expectAccessible(tab);
    // No audit permission: the page says so instead of the trail.
    await tab.getByRole('link', { name: 'Audit trail' }).click();
    await tab.getByText('lacks the audit permission').waitFor();
    expect(await tab.getByRole('table').count()).toBe(0);
    await expectAccessible(tab);
    // Kept for the tab: loading the page again does not ask again.
    await tab.goto(`${keyed.url}/ui/`);
    await tab.getByRole('heading', { name: 'Connectors' }).waitFor();
    expect(await tab.getByLabel('API key').count()).toBe(0);
    // A key the server no longer accepts (here: a stale one in the tab) brings the prompt back.
    await tab.evaluate(() => sessionStorage.setItem('switchboard.apiKey', 'revoked-key-0123456789abcdef'));
    await tab.reload();
    await tab.getByLabel('API key').waitFor();
  });

  it('renders and filters 1,000 connectors without a stall', async () => {
    const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    for (let batch = 0; batch < 1000; batch += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${keyed.url}/ilert/api/connectors`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              name: `bot-${String(batch + i).padStart(4, '0')}`,
              type: 'telegram',
              params: { botToken: `${batch + i}:secret-${batch + i}` },
            }),
          }).then((r) => expect(r.status).toBe(201)),
        ),
      );
    }
    await tab.getByLabel('API key').fill(ADMIN_KEY);
    const started = Date.now();
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByRole('link', { name: 'bot-0999' }).waitFor();
    const renderMs = Date.now() - started;
    expect(await tab.getByRole('table').getByRole('row').count()).toBe(1001);
    // Long tasks (main thread busy over 50 ms) while filtering: what a person would see as a stall.
    await tab.evaluate(() => {
      const longTasks: number[] = [];
      (globalThis as unknown as { longTasks: number[] }).longTasks = longTasks;
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({ type: 'longtask' });
    });
    const filterStarted = Date.now();
    await tab.getByLabel('Filter').pressSequentially('bot-0999', { delay: 20 });
    await tab.getByText('1 of 1000 connectors').waitFor();
    const filterMs = Date.now() - filterStarted;
    const longest = await tab.evaluate(() => Math.max(0, ...(globalThis as unknown as { longTasks: number[] }).longTasks));
    process.stdout.write(`1,000 connectors: listed in ${renderMs} ms, filtered in ${filterMs} ms (typing included), longest task ${Math.round(longest)} ms\n`);
    expect(renderMs).toBeLessThan(5000);
    // Measured 0-144 ms on 2 cores at load average 8-18 (other test suites running): 300 ms keeps a 2x
    // margin and still fails a stall a person would see.
    expect(longest).toBeLessThan(300);
    expect(await tab.getByRole('table').getByRole('row').count()).toBe(2);
    expect(await pageTexts(tab)).not.toContain('secret-999');
  }, 120_000);

  it('refreshes the list from the change feed when a connector changes elsewhere', async () => {
    await tab.getByLabel('Filter').fill('live-');
    await tab.getByText('0 of 1000 connectors').waitFor();
    // Created by another client: the page hears it on the change feed (fetch with the key header) and reloads its list.
    const created = await fetch(`${keyed.url}/api/connectors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'live-bot', config: { botToken: '77:live-secret' } }),
    });
    expect(created.status).toBe(200);
    await tab.getByRole('link', { name: 'live-bot' }).waitFor({ timeout: 5000 });
    await tab.getByText('1 of 1001 connectors').waitFor();
    expect(await pageTexts(tab)).not.toContain('live-secret');
  });

  it('keeps following the change feed while a proxy answers 502 for a restarting server, and reloads what it missed', async () => {
    await tab.getByText('1 of 1001 connectors').waitFor();
    let refused: () => void = () => undefined;
    const refusedOnce = new Promise<void>((resolve) => (refused = resolve));
    // What a proxy in front answers while the server behind it is down.
    await tab.route('**/api/events', async (route) => {
      await route.fulfill({ status: 502, contentType: 'text/plain', body: 'Bad Gateway' });
      refused();
    });
    await keyed.halt();
    await refusedOnce;
    await keyed.startAgain();
    const created = await fetch(`${keyed.url}/api/connectors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'live-after-restart', config: { botToken: '78:live-secret' } }),
    });
    expect(created.status).toBe(200);
    await tab.unroute('**/api/events');
    // The page comes back with the id it last saw and is told to reload (the restarted server cannot replay past it).
    await tab.getByRole('link', { name: 'live-after-restart' }).waitFor({ timeout: 40_000 });
    await tab.getByText('2 of 1002 connectors').waitFor();
    // And it follows on: the deletion (which leaves the list as the later tests expect) reaches it too.
    const deleted = await fetch(`${keyed.url}/api/connectors/live-after-restart`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(deleted.status).toBe(200);
    await tab.getByText('1 of 1001 connectors').waitFor();
  }, 90_000);

  it("disables a read-only key's Save, Test connection, Delete and Replace, each described by the reason", async () => {
    const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    viewer.setDefaultTimeout(8000);
    await viewer.goto(`${keyed.url}/ui/connectors/bot-0001`);
    await viewer.getByLabel('API key').fill(VIEWER_KEY);
    await viewer.getByRole('button', { name: 'Continue' }).click();
    await viewer.getByRole('heading', { name: 'Edit bot-0001' }).waitFor();
    await viewer.getByRole('button', { name: 'Save' }).waitFor();
    const reason = await viewer.locator('#write-blocked').innerText();
    expect(reason).toMatch(/"viewer"\) may not change connectors: it lacks the write permission/);
    for (const name of ['Save', 'Test connection', 'Delete', 'Replace']) {
      const button = viewer.getByRole('button', { name, exact: true });
      expect({ name, disabled: await button.isDisabled() }).toEqual({ name, disabled: true });
      // Its accessible description includes the reason (aria-describedby names the reason's element).
      const described = await button.evaluate((element) =>
        (element.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      expect({ name, described }).toEqual({ name, described: expect.stringContaining(reason) });
    }
    await expectAccessible(viewer);
    await viewer.context().close();
  });

  it('shows a lost connection with a retry, which brings the list back once the server is up', async () => {
    await keyed.halt();
    await tab.getByRole('button', { name: 'Forget key' }).click();
    await tab.getByLabel('API key').fill(ADMIN_KEY);
    await tab.getByRole('button', { name: 'Continue' }).click();
    const alert = tab.getByRole('alert');
    await alert.getByText('Connection lost').waitFor();
    await expect(alert.getByRole('button', { name: 'Retry' }).count()).resolves.toBe(1);
    await expectAccessible(tab);
    // Retry while the server is still down: still lost.
    await alert.getByRole('button', { name: 'Retry' }).click();
    await alert.getByText('Connection lost').waitFor();
    await keyed.startAgain();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await tab.getByRole('heading', { name: 'Connectors' }).waitFor();
    await tab.getByRole('link', { name: 'bot-0999' }).waitFor();
    await tab.getByText(/^1001 connectors$/).waitFor();
    expect(await tab.getByRole('alert').count()).toBe(0);
  });
});

describe('web console with a key that may reveal', () => {
  const REVEAL_KEY = 'reveal-key-0123456789abcdef';
  const STORED_TOKEN = '515151:STORED-token-the-key-may-reveal';
  const TYPED_TOKEN = '626262:TYPED-token-saved-through-the-console';
  let revealing: ApiServer;

  beforeAll(async () => {
    revealing = await startApi({
      config: { connectors: { telegram: { botToken: STORED_TOKEN, dmPolicy: 'pairing' } } },
      env: {
        SWITCHBOARD_API_KEYS: `ops:${REVEAL_KEY}:read,write,reveal,audit`,
        SWITCHBOARD_PLATFORM_URLS: `telegram=${telegram.origin}`,
        RATE_LIMIT_PER_KEY: '0',
        RATE_LIMIT_PER_ADDRESS: '0',
      },
    });
    const created = await fetch(`${revealing.url}/ilert/api/connectors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REVEAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'ops-jira',
        type: 'jira',
        params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: PLANTED_JIRA_PASSWORD },
      }),
    });
    // An ilert client (no redaction asked) gets the secret back in clear: that is what the key is for.
    expect(await created.text()).toContain(PLANTED_JIRA_PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await revealing?.stop();
  });

  it('receives no stored secret in any response body, while listing, editing, testing, adding and auditing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    tab.setDefaultTimeout(8000);
    const bodies: Promise<{ request: string; body: string }>[] = [];
    const collect = (response: PageResponse) => {
      const request = `${response.request().method()} ${new URL(response.url()).pathname}`;
      // The change feed stays open while the page lives, so its body cannot be read; its frames carry
      // connector names and field paths, never values.
      if ((response.headers()['content-type'] ?? '').startsWith('text/event-stream')) return;
      bodies.push(response.text().then((body) => ({ request, body })));
    };
    tab.on('response', collect);
    await tab.goto(`${revealing.url}/ui/`);
    await tab.getByLabel('API key').fill(REVEAL_KEY);
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByRole('link', { name: 'ops-jira' }).waitFor();
    // Edit and save (the update's answer), then test the saved connector.
    await tab.getByRole('link', { name: 'telegram', exact: true }).click();
    await tab.getByLabel('Stream mode').selectOption('block');
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab.getByRole('heading', { name: 'Connectors' }).waitFor();
    await tab.getByRole('link', { name: 'telegram', exact: true }).click();
    await tab.getByRole('button', { name: 'Test connection' }).click();
    await tab.getByText('Connection works').waitFor();
    // Add a connector (the create's answer).
    await tab.getByRole('link', { name: '← Connectors' }).click();
    await tab.getByRole('button', { name: 'Add connector' }).click();
    await tab.getByLabel('Type', { exact: true }).selectOption('telegram');
    await tab.getByLabel('Name', { exact: true }).fill('typed-bot');
    await tab.getByLabel('Bot token').fill(TYPED_TOKEN);
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab.getByRole('link', { name: 'typed-bot' }).waitFor();
    await tab.getByRole('link', { name: 'Audit trail' }).click();
    await tab
      .getByRole('table')
      .getByRole('row', { name: /typed-bot/ })
      .first()
      .waitFor();
    // In-page navigation, not tab.goto: a document navigation discards the bodies of answers still
    // being read (a list refreshed by the change feed), and the scan must read every body.
    await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
    await tab.getByRole('link', { name: 'ops-jira' }).click();
    await tab.getByRole('button', { name: 'Save' }).waitFor();

    // Answers after this point (the page keeps refreshing from the change feed) are not scanned: their
    // bodies could not be read once the context closes.
    tab.off('response', collect);
    const received = await Promise.all(bodies);
    const requests = received.map((answer) => answer.request);
    for (const answered of ['GET /ilert/api/connectors', 'PUT /ilert/api/connectors/', 'POST /ilert/api/connectors', 'POST /api/connectors/telegram/test'])
      expect(requests.some((request) => request.startsWith(answered))).toBe(true);
    for (const { request, body } of received)
      for (const secret of [STORED_TOKEN, PLANTED_JIRA_PASSWORD, TYPED_TOKEN])
        expect({ request, secret, received: body.includes(secret) }).toEqual({ request, secret, received: false });
    // Stored all the same.
    const stored = JSON.parse(await readFile(revealing.configPath, 'utf8')) as { connectors: Record<string, Record<string, unknown>> };
    expect(stored.connectors).toMatchObject({
      telegram: { botToken: STORED_TOKEN, streamMode: 'block' },
      'typed-bot': { botToken: TYPED_TOKEN },
      'ops-jira': { password: PLANTED_JIRA_PASSWORD },
    });
    await context.close();
  }, 60_000);
});
