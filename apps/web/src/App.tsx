import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ConnectionLostError, hasApiKey, KeyRequiredError, setApiKey, type TestResult, type WhoAmI } from './api.js';
import { subscribeChanges } from './change-feed.js';
import { type ConnectorRow, loadConnectors } from './connectors.js';
import { Link } from './components/Link.js';
import { KeyPrompt } from './pages/KeyPrompt.js';
import { ConnectorList } from './pages/ConnectorList.js';
import { AuditPage } from './pages/AuditPage.js';
import { useRoute } from './router.js';
import { type Session, SessionContext } from './session.js';

// The form code (rjsf and the compiled validators) is loaded only when a form is opened.
const ConnectorEditor = lazy(() => import('./pages/ConnectorEditor.js'));

type Shell =
  | { state: 'loading' }
  | { state: 'key'; rejected: boolean }
  | { state: 'lost'; message: string }
  | { state: 'error'; message: string }
  | { state: 'ready'; ilertPrefix: string; whoAmI: WhoAmI; connectors: ConnectorRow[] };

export function App() {
  const [shell, setShell] = useState<Shell>({ state: 'loading' });
  const [lastTests, setLastTests] = useState<ReadonlyMap<string, TestResult>>(new Map());
  const route = useRoute();
  const loading = useRef(false);
  const loadAgain = useRef(false);

  const fail = useCallback((error: unknown) => {
    if (error instanceof KeyRequiredError) {
      const rejected = hasApiKey();
      setApiKey(undefined);
      setShell({ state: 'key', rejected });
    } else if (error instanceof ConnectionLostError) {
      setShell({ state: 'lost', message: error.message });
    } else {
      setShell({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  const load = useCallback(async () => {
    // A change announced while a load is in flight may be missing from what it read: load once more after it.
    if (loading.current) {
      loadAgain.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        loadAgain.current = false;
        const { ilertPrefix } = await api.config();
        const whoAmI = await api.whoAmI();
        const [connectors, tests] = await Promise.all([loadConnectors(ilertPrefix), api.lastTests()]);
        setLastTests(new Map(Object.entries(tests.results)));
        setShell({ state: 'ready', ilertPrefix, whoAmI, connectors });
      } while (loadAgain.current);
    } catch (error) {
      fail(error);
    } finally {
      loading.current = false;
    }
  }, [fail]);

  useEffect(() => void load(), [load]);

  // Changes made elsewhere (another tab, another client, another instance, the file edited by
  // hand) reach the list through the server's change feed.
  const ready = shell.state === 'ready';
  useEffect(() => (ready ? subscribeChanges(() => void load()) : undefined), [ready, load]);

  const session = useMemo<Session | undefined>(() => {
    if (shell.state !== 'ready') return undefined;
    return {
      ilertPrefix: shell.ilertPrefix,
      whoAmI: shell.whoAmI,
      connectors: shell.connectors,
      lastTests,
      rememberTest: (name, result) => setLastTests((tests) => new Map(tests).set(name, result)),
      reload: load,
      fail,
    };
  }, [shell, lastTests, load, fail]);

  useEffect(() => {
    document.title = { list: 'Connectors', new: 'Add connector', edit: 'Edit connector', audit: 'Audit trail' }[route.page] + ' · Switchboard';
  }, [route.page]);

  return (
    <>
      <header className="topbar">
        <Link to={{ page: 'list' }} className="brand">
          Switchboard
        </Link>
        <nav aria-label="Main">
          <Link to={{ page: 'list' }}>Connectors</Link>
          {/* Shown to every key: for one without `audit` the page says why it cannot show the trail. */}
          {session ? <Link to={{ page: 'audit' }}>Audit trail</Link> : null}
        </nav>
        {session && session.whoAmI.keysRequired ? (
          <div className="whoami">
            Key <strong>{session.whoAmI.keyId}</strong> ({session.whoAmI.permissions.join(', ')}){' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setApiKey(undefined);
                setShell({ state: 'key', rejected: false });
              }}
            >
              Forget key
            </button>
          </div>
        ) : null}
      </header>
      <main>
        {shell.state === 'loading' ? <p role="status">Loading…</p> : null}
        {shell.state === 'key' ? (
          <KeyPrompt
            rejected={shell.rejected}
            onKey={(key) => {
              setApiKey(key);
              setShell({ state: 'loading' });
              void load();
            }}
          />
        ) : null}
        {shell.state === 'lost' || shell.state === 'error' ? (
          <div role="alert" className="banner">
            <h1>{shell.state === 'lost' ? 'Connection lost' : 'Something went wrong'}</h1>
            <p>{shell.message}</p>
            <button type="button" onClick={() => void load()}>
              Retry
            </button>
          </div>
        ) : null}
        {session ? (
          <SessionContext.Provider value={session}>
            {route.page === 'list' ? <ConnectorList /> : null}
            {route.page === 'audit' ? <AuditPage /> : null}
            {route.page === 'new' || route.page === 'edit' ? (
              <Suspense fallback={<p role="status">Loading the form…</p>}>
                <ConnectorEditor key={route.page === 'edit' ? `edit:${route.name}` : 'new'} name={route.page === 'edit' ? route.name : undefined} />
              </Suspense>
            ) : null}
          </SessionContext.Provider>
        ) : null}
      </main>
    </>
  );
}
