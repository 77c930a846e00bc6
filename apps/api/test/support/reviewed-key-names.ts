/**
 * The key names the security review found the heuristics missing (issue 20, item 4), in the
 * spellings a config may use: every test that checks the heuristics plants secrets under these.
 */
export const REVIEWED_SECRET_KEY_NAMES: readonly string[] = [
  'pass',
  'pwd',
  'passwd',
  'jwt',
  'bearer',
  'session',
  'sessionId',
  'cookie',
  'accessKeyId',
  'signature',
  'credential',
  'credentials',
  'mnemonic',
  'privateKey',
  'private_key',
  'private-key',
  'PRIVATE_KEY',
  'privKey',
];
