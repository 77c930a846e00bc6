import { describe, expect, it } from '@jest/globals';
import { isURL } from 'class-validator';
import { isSafeExecutable } from './common/eliza-messaging-variants.js';
import { urlPattern } from './schema-of-validators.js';

const URLS = [
  'https://example.com',
  'https://example.com/path?q=1#f',
  'http://127.0.0.1:8080',
  'http://localhost:3000/x',
  'http://[::1]:8080/',
  'https://user:pw@host.example.com:8443/p',
  'wss://relay.example.com',
  'ws://localhost:7447',
  'ftp://files.example.com',
  'socks5://127.0.0.1:1080',
  'example.com',
  'localhost',
  'https://x',
  'https://exa mple.com',
  'https://example.com:99999',
  'https://example.com:0',
  'not a url',
  '',
  'https://',
  'http://signal-cli:8080/api',
  'https://xn--bcher-kva.example',
];

/** The option sets the connector packages use with @IsUrl. */
const RULES = [
  {},
  { require_protocol: true, protocols: ['https', 'http'] },
  { require_protocol: true, require_tld: false },
  { require_protocol: true, require_tld: false, protocols: ['http', 'https', 'socks5'] },
  { require_protocol: true, protocols: ['wss', 'ws'], require_tld: false },
  { require_protocol: false },
  { protocols: ['https'], require_protocol: true },
];

describe('JSON Schema of validators', () => {
  it.each(RULES)('urlPattern(%j) decides as class-validator isURL does', (rule) => {
    const pattern = new RegExp(urlPattern(rule), 'u');
    for (const url of URLS)
      expect({ url, schema: pattern.test(url) }).toEqual({ url, schema: isURL(url, { ...rule, protocols: rule.protocols ? [...rule.protocols] : undefined }) });
  });

  it('publishes the program-path check as the pattern it runs', () => {
    for (const value of ['imsg', '/usr/local/bin/imsg', '~/bin/x', 'C:\\tools\\imsg.exe']) expect(isSafeExecutable(value)).toBe(true);
    for (const value of ['', '-x', ' imsg', 'imsg ', 'a;b', 'a b', '$(id)', 42]) expect(isSafeExecutable(value)).toBe(false);
  });
});
