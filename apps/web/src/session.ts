import { createContext, useContext } from 'react';
import type { TestResult, WhoAmI } from './api.js';
import type { ConnectorRow } from './connectors.js';

/** What every page needs: where the ilert surface is, who the key is, the connectors, and how to report a failure. */
export interface Session {
  ilertPrefix: string;
  whoAmI: WhoAmI;
  connectors: ConnectorRow[];
  /** The last connection-test result of each connector, by name: the one the server kept, or a newer one run in this tab. */
  lastTests: ReadonlyMap<string, TestResult>;
  rememberTest(name: string, result: TestResult): void;
  reload(): Promise<void>;
  /** A lost connection or a 401 goes to the shell (retry banner, key prompt); anything else is thrown back. */
  fail: (error: unknown) => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the session');
  return session;
}

/** Why an action is disabled for this key, or undefined when it may. */
export function writeBlockedReason(session: Session): string | undefined {
  return session.whoAmI.permissions.includes('write')
    ? undefined
    : `Your API key ("${session.whoAmI.keyId}") may not change connectors: it lacks the write permission.`;
}

export function auditBlockedReason(session: Session): string | undefined {
  return session.whoAmI.permissions.includes('audit')
    ? undefined
    : `Your API key ("${session.whoAmI.keyId}") may not read the audit trail: it lacks the audit permission.`;
}
