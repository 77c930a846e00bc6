import { useState } from 'react';

/** Asks for the API key when the service requires one; it is kept for this browser tab only. */
export function KeyPrompt({ rejected, onKey }: { rejected: boolean; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <section className="card narrow">
      <h1>Sign in with an API key</h1>
      <p>This Switchboard requires an API key. It is kept for this browser tab only and sent with each request.</p>
      {rejected ? (
        <p role="alert" className="error">
          That key was not accepted. Check it and try again.
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim() !== '') onKey(key.trim());
        }}
      >
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} autoFocus required />
        <button type="submit" className="primary">
          Continue
        </button>
      </form>
    </section>
  );
}
