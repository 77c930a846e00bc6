import { useEffect, useState } from 'react';
import { api, type AuditEntry } from '../api.js';
import { auditBlockedReason, useSession } from '../session.js';

const AUDIT_LIMIT = 200;

/** The newest changes (GET /api/audit): who changed which connector's which fields, when. Never values. */
export function AuditPage() {
  const session = useSession();
  const blocked = auditBlockedReason(session);
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const { fail } = session;
  useEffect(() => {
    if (blocked) return;
    api.audit(AUDIT_LIMIT).then((answer) => setEntries(answer.entries), fail);
  }, [blocked, fail]);
  return (
    <section>
      <h1>Audit trail</h1>
      {blocked ? <p className="note">{blocked}</p> : null}
      {!blocked && !entries ? <p role="status">Loading…</p> : null}
      {entries && entries.length === 0 ? <p>No change recorded yet.</p> : null}
      {entries && entries.length > 0 ? (
        <table>
          <caption className="visually-hidden">Newest changes first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Connector</th>
              <th scope="col">Fields</th>
              <th scope="col">Surface</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>
                  <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                </td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>
                  {entry.connector.name}
                  {entry.previousName ? <span className="muted"> (was {entry.previousName})</span> : null}
                </td>
                <td>
                  {entry.fields.join(', ')}
                  {entry.fieldsOmitted ? <span className="muted"> and {entry.fieldsOmitted} more</span> : null}
                </td>
                <td>{entry.surface}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
