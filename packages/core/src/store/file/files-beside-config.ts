import { backupPath } from './atomic-write.js';
import { metadataFilePath } from './metadata-file.js';

/**
 * Every file Switchboard keeps beside an Eliza config file (the file store), each named after it:
 * for `milady.json`, the ones below. Only the Switchboard holding the config file's lock writes any
 * of them (with PostgreSQL they are not used: all of it is in the database).
 */
export interface FilesBesideConfig {
  /** `milady.json.bak`: the content each write replaced. */
  readonly backup: string;
  /** `milady.json.switchboard.json`: ids, types, timestamps, versions (no config value). */
  readonly metadata: string;
  /** `milady.json.lock`: one Switchboard per file. */
  readonly lock: string;
  /** `milady.audit.jsonl`: the audit trail, appended (rotated to `.1`). */
  readonly audit: string;
  /** `milady.tests.json`: the last connection test results. */
  readonly testResults: string;
  /** `milady.revisions.jsonl`: the revision history, appended, rewritten whole past its retention. */
  readonly revisions: string;
  /** `milady.revisions.key`: the random key of the secret fingerprints in revisions. */
  readonly revisionsKey: string;
}

export function filesBesideConfig(configPath: string): FilesBesideConfig {
  const base = configPath.replace(/\.json5?$/i, '');
  return {
    backup: backupPath(configPath),
    metadata: metadataFilePath(configPath),
    lock: `${configPath}.lock`,
    audit: `${base}.audit.jsonl`,
    testResults: `${base}.tests.json`,
    revisions: `${base}.revisions.jsonl`,
    revisionsKey: `${base}.revisions.key`,
  };
}

/**
 * The config file and those beside it that are replaced atomically (temp file, rename): the files a
 * write cut short by a crash may leave a temp file of (`.<name>.<pid>.<n>.tmp`), secrets in clear
 * included (the config, its backup, revisions when encryption is off). The others are appended to.
 */
export function atomicallyWrittenFiles(configPath: string): string[] {
  const files = filesBesideConfig(configPath);
  return [configPath, files.backup, files.metadata, files.testResults, files.revisions, files.revisionsKey];
}
