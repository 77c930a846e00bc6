import type { TestResult } from '../api.js';

/** A connection test's outcome: passed or not, the identity the platform gave, its message, when. */
export function TestOutcome({ result }: { result: TestResult }) {
  return (
    <div className={result.ok ? 'outcome ok' : 'outcome failed'}>
      <strong>{result.ok ? 'Connection works' : 'Connection failed'}</strong> ({result.status}){result.identity ? <div>Identity: {result.identity}</div> : null}
      {result.message ? <div>{result.message}</div> : null}
      <div className="muted">
        Checked {new Date(result.checkedAt).toLocaleString()} in {result.durationMs} ms
      </div>
    </div>
  );
}
