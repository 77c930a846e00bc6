import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from '../components/Link.js';
import { CONNECTOR_TYPES, isConfigured, typeDisplayName } from '../connectors.js';
import { navigate } from '../router.js';
import { useSession, writeBlockedReason } from '../session.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Every connector of the registry (both surfaces), filtered by text and type. */
export function ConnectorList() {
  const session = useSession();
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  // Typing stays responsive with many connectors: the table re-renders from the deferred value.
  const deferredText = useDeferredValue(text);
  const blocked = writeBlockedReason(session);

  const rows = useMemo(() => {
    const needle = deferredText.trim().toLowerCase();
    return session.connectors.filter(
      (row) =>
        (type === '' || row.type === type) &&
        (needle === '' || row.name.toLowerCase().includes(needle) || typeDisplayName(row.type).toLowerCase().includes(needle)),
    );
  }, [session.connectors, deferredText, type]);

  const typesInUse = useMemo(() => {
    const used = new Set(session.connectors.map((row) => row.type));
    return [
      ...CONNECTOR_TYPES.filter((info) => used.has(info.type)).map((info) => info.type),
      ...[...used].filter((t) => !CONNECTOR_TYPES.some((info) => info.type === t)),
    ];
  }, [session.connectors]);

  return (
    <section>
      <div className="page-head">
        <h1>Connectors</h1>
        <div>
          <button
            type="button"
            className="primary"
            disabled={blocked !== undefined}
            aria-describedby={blocked ? 'write-blocked' : undefined}
            onClick={() => navigate({ page: 'new' })}
          >
            Add connector
          </button>
          {blocked ? (
            <p id="write-blocked" className="muted">
              {blocked}
            </p>
          ) : null}
        </div>
      </div>
      <div className="filters">
        <div>
          <label htmlFor="filter-text">Filter</label>
          <input id="filter-text" type="search" placeholder="Name or type" value={text} onChange={(event) => setText(event.target.value)} />
        </div>
        <div>
          <label htmlFor="filter-type">Show type</label>
          <select id="filter-type" value={type} onChange={(event) => setType(event.target.value)}>
            <option value="">All types</option>
            {typesInUse.map((t) => (
              <option key={t} value={t}>
                {typeDisplayName(t)}
              </option>
            ))}
          </select>
        </div>
        <p className="muted" role="status" aria-live="polite">
          {rows.length === session.connectors.length
            ? `${rows.length} ${rows.length === 1 ? 'connector' : 'connectors'}`
            : `${rows.length} of ${session.connectors.length} connectors`}
        </p>
      </div>
      {session.connectors.length === 0 ? (
        <div className="card empty">
          <p>No connector is configured yet.</p>
          {blocked ? null : <p>Use “Add connector” to set one up: pick its type, give it a name and fill in its form.</p>}
        </div>
      ) : (
        <table className="connectors">
          <caption className="visually-hidden">Connectors</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Configured</th>
              <th scope="col">Last test</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const test = session.lastTests.get(row.name);
              const configured = isConfigured(row);
              return (
                <tr key={row.id}>
                  <th scope="row">
                    <Link to={{ page: 'edit', name: row.name }}>{row.name}</Link>
                  </th>
                  <td>{typeDisplayName(row.type)}</td>
                  <td>
                    <span className={configured ? 'badge ok' : 'badge warn'}>{configured ? 'Configured' : 'Incomplete'}</span>
                  </td>
                  <td>
                    {test ? (
                      <span className={test.ok ? 'badge ok' : 'badge failed'}>{test.ok ? 'Passed' : 'Failed'}</span>
                    ) : (
                      <span className="muted">Not tested</span>
                    )}
                  </td>
                  <td>
                    <time dateTime={row.updatedAt}>{dateFormat.format(new Date(row.updatedAt))}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
