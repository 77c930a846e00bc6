import { describe, expect, it } from '@jest/globals';
import { MASK, maskUrl } from './mask.js';
import { redactConfig } from './redact.js';
import { heuristicSecretSpec, isCredentialedUrl, keyWords } from './sensitive-keys.js';
import { isPlainParameterName, looksLikeToken } from './url-query.js';

const secret = (key: string) => heuristicSecretSpec(key) !== undefined;

describe('key words', () => {
  it('splits every casing convention into lower-case words', () => {
    expect(keyWords('accessKeyID')).toEqual(['access', 'key', 'id']);
    expect(keyWords('PRIVATE_KEY2')).toEqual(['private', 'key', '2']);
    expect(keyWords('private-key')).toEqual(['private', 'key']);
    expect(keyWords('JWTToken')).toEqual(['jwt', 'token']);
    expect(keyWords('X-Amz-Signature')).toEqual(['x', 'amz', 'signature']);
  });
});

describe('key-name heuristics', () => {
  it('judges a name the same however often it comes, also after a flood of new names emptied what it remembers', () => {
    const before = ['botToken', 'sessionId', 'webhookUrl', 'allowFrom'].map((key) => heuristicSecretSpec(key));
    expect(before.map((spec) => spec?.rule)).toEqual(['full', 'full', 'url', undefined]);
    for (let i = 0; i < 10_000; i++) heuristicSecretSpec(`field${i}`);
    expect(['botToken', 'sessionId', 'webhookUrl', 'allowFrom'].map((key) => heuristicSecretSpec(key))).toEqual(before);
  });

  // Every key the Eliza runtime's response redaction masks (specs/eliza-runtime-behaviour.md 3.6).
  const runtimeSensitive = [
    'password',
    'dbPassword',
    'secret',
    'clientSecret',
    'apiKey',
    'api_key',
    'api-key',
    'apikey',
    'APIKEY',
    'privateKey',
    'private_key',
    'private-key',
    'PRIVATE_KEY',
    'privatekey',
    'privateKeyPem',
    'seedPhrase',
    'seed_phrase',
    'authorization',
    'connectionString',
    'connection_string',
    'credential',
    'credentials',
    'googleCredentials',
    'token',
    'botToken',
    'accessTokens',
    'refresh_token',
    'TOKEN',
  ];
  // Named by the security review as missed, and their spellings.
  const reviewNamed = [
    'pass',
    'dbPass',
    'smtp_pass',
    'PASS',
    'pwd',
    'DB_PWD',
    'passwd',
    'jwt',
    'JWT',
    'jwtToken',
    'authJwt',
    'bearer',
    'bearerToken',
    'session',
    'sessionId',
    'session_id',
    'SESSION_KEY',
    'userSession',
    'sessionString',
    'cookie',
    'cookies',
    'accessKeyId',
    'aws_access_key_id',
    'ACCESS_KEY_ID',
    'accessKey',
    'signature',
    'webhookSignature',
    'credential',
    'credentials',
    'mnemonic',
    'walletMnemonic',
    'mnemonicPhrase',
    'privKey',
    'priv_key',
    'sig',
    'otp',
    'totp',
    'passcode',
  ];
  // One word, no case change or separator to split it on, and the session cookies named so.
  const runTogether = [
    'sessionid',
    'SESSIONID',
    'accesskeyid',
    'ACCESSKEYID',
    'jsessionid',
    'JSESSIONID',
    'PHPSESSID',
    'ASP.NET_SessionId',
    'asp.net_sessionid',
    'mnemonicphrase',
    'sessionstring',
    'privkeyhex',
    'apikey',
    'authtoken',
    'secretkey',
    'privatekey',
    'accesstoken',
    'refreshtoken',
    'clientsecret',
    'sessiontoken',
    'SESSIONTOKEN',
  ];

  it.each([...runtimeSensitive, ...reviewNamed, ...runTogether])('%s is secret', (key) => {
    expect(secret(key)).toBe(true);
  });

  // Settings users need to see: the short words only count as whole words that name the value.
  it.each([
    'passive',
    'passThrough',
    'bypass',
    'passRate',
    'compass',
    'cwd',
    'sessionPrefix',
    'sessionPath',
    'sessionTimeoutMs',
    'maxSessions',
    'jwtAlgorithm',
    'jwtExpiresIn',
    'bearerFormat',
    'signatureAlgorithm',
    'signatureHeader',
    'mnemonicLanguage',
    'maxTokens',
    'tokenFile',
    'publicKey',
    'accessLevel',
    'keyboard',
    'authDir',
    'userTokenReadOnly',
    'otpLength',
    'sessionprefix',
    'SESSIONTIMEOUT',
    'accesslevel',
    'jwtalgorithm',
    'designation',
    'dmPolicy',
    'allowFrom',
    'enabled',
    'name',
    'url',
  ])('%s is not', (key) => {
    expect(secret(key)).toBe(false);
  });

  it('serves booleans under secret names as they are, and masks numbers and strings', () => {
    expect(redactConfig({ session: true, verifySignature: false, pass: 1234, sessionId: 'abc', passive: 'yes' })).toEqual({
      session: true,
      verifySignature: false,
      pass: MASK,
      sessionId: MASK,
      passive: 'yes',
    });
  });
});

describe('credential-carrying URLs under any key', () => {
  const hex = '9f86d081884c7d659a2feaa0c55ad015';

  it.each([
    'https://user:pw@host.example.com/x',
    'https://user@host.example.com', // a user part alone: often the token itself
    `https://ghp_${hex}@github.com/org/repo.git`,
    `https://hooks.example.com/in?${hex}`, // a bare token as the query
    `https://hooks.example.com/in?a=1&${hex}`,
    `https://api.example.com/x?state=${hex}`, // a token-like value under a harmless name
    'https://api.example.com/x?id=550e8400-e29b-41d4-a716-446655440000',
    'https://api.example.com/x?token=short',
    'https://api.example.com/x?sig=short',
    'https://api.example.com/x?api_key=k',
    'https://s3.example.com/b?X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abc',
    'postgres://****:****@db.local/x',
    `https://x.example.com/cb#access_token=${hex}&state=1`, // OAuth's implicit flow: the token in the fragment
    'https://x.example.com/cb#access_token=short',
    `https://x.example.com/cb#state=${hex}`,
    `https://x.example.com/cb#${hex}`,
    `https://hooks.example.com/services/${hex}`, // a token as a path segment
    'https://hooks.example.com/webhooks/550e8400-e29b-41d4-a716-446655440000/x',
  ])('%s carries one', (url) => {
    expect(isCredentialedUrl(url)).toBe(true);
  });

  it.each([
    'https://api.example.com',
    'https://api.example.com/v1/projects/12345678901234567890',
    'https://api.example.com/x?page=2&sort=desc',
    'https://api.example.com/x?utm_campaign=newsletter_2024_spring',
    'https://api.example.com/x?since=2024-01-01T00:00:00Z',
    'https://api.example.com/x?token=', // an empty value carries nothing
    'https://api.example.com/@someone',
    'https://docs.example.com/guide#installation',
    'https://app.example.com/#/settings?tab=general',
    'https://api.example.com/x#page=2&sort=desc',
    'not a url ?token=x',
  ])('%s does not', (url) => {
    expect(isCredentialedUrl(url)).toBe(false);
  });

  it('tells tokens from words, dates and numeric ids', () => {
    expect(looksLikeToken(hex)).toBe(true);
    expect(looksLikeToken('Zq8sKd02LmNp4QrStUvW')).toBe(true);
    expect(looksLikeToken('kJ8s-Tq3_xYzAbCdEfGh')).toBe(true);
    expect(looksLikeToken('newsletter_2024_spring')).toBe(false);
    expect(looksLikeToken('123456789012345678')).toBe(false);
    expect(looksLikeToken('IncidentOverview')).toBe(false);
  });

  it('masks such URLs wherever they are, and the query whole when it is not name=value pairs', () => {
    expect(
      redactConfig({ endpoint: `https://hooks.example.com/in?${hex}`, mirror: 'https://user@host.example.com', list: [`https://x.example.com/?state=${hex}`] }),
    ).toEqual({
      endpoint: `https://hooks.example.com/****?${MASK}`,
      mirror: 'https://****@host.example.com',
      list: ['https://x.example.com?state=****'],
    });
    expect(maskUrl(`https://hooks.example.com/in?${hex}`)).toBe('https://hooks.example.com/****?****');
    expect(maskUrl(`https://hooks.example.com/in?v=1&${hex}`)).toBe('https://hooks.example.com/****?****');
    expect(maskUrl(`https://hooks.example.com/in?${hex}=1`)).toBe('https://hooks.example.com/****?****');
    expect(maskUrl('https://hooks.example.com/in?a%20b=1')).toBe('https://hooks.example.com/****?****');
    expect(maskUrl('https://hooks.example.com/in?token=x&v=1')).toBe('https://hooks.example.com/****?token=****&v=****');
  });

  it('masks a URL under a harmless key when its token is in the fragment or in a path segment', () => {
    expect(
      redactConfig({
        callback: `https://x.example.com/cb#access_token=${hex}&token_type=bearer`,
        home: `https://x.example.com/services/${hex}`,
        docs: 'https://docs.example.com/guide#installation',
      }),
    ).toEqual({ callback: 'https://x.example.com/****#****', home: 'https://x.example.com/****/****', docs: 'https://docs.example.com/guide#installation' });
  });

  it('shows only plain short names that do not look like tokens', () => {
    expect(isPlainParameterName('api_key')).toBe(true);
    expect(isPlainParameterName('X-Amz-Signature')).toBe(true);
    expect(isPlainParameterName(`SECRETQ${hex}`)).toBe(false);
    expect(isPlainParameterName('a'.repeat(33))).toBe(false);
    expect(isPlainParameterName('a%20b')).toBe(false);
  });
});
