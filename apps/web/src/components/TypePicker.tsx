import { useMemo, useState } from 'react';
import { CONNECTOR_TYPES, typeInfo } from '../connectors.js';

/**
 * The connector type of a new connector: a search field narrowing a listbox labelled "Type" (a native
 * select, so keyboards and screen readers know it), each option its display name and description.
 */
export function TypePicker({ type, onChoose }: { type: string; onChoose: (type: string) => void }) {
  const [search, setSearch] = useState('');
  const matching = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (needle === '') return CONNECTOR_TYPES;
    return CONNECTOR_TYPES.filter((info) => `${info.displayName} ${info.type} ${info.description} ${info.aliases.join(' ')}`.toLowerCase().includes(needle));
  }, [search]);
  const info = type === '' ? undefined : typeInfo(type);
  return (
    <div className="type-picker">
      <label htmlFor="type-search">Search types</label>
      <input id="type-search" type="search" placeholder="e.g. Slack, Jira, webhook" value={search} onChange={(event) => setSearch(event.target.value)} />
      <label htmlFor="type">Type</label>
      <select
        id="type"
        size={8}
        value={type}
        onChange={(event) => onChoose(event.target.value)}
        // Chromium may select a listbox's option on a key without a change event (e.g. the only
        // option left by the search): keyboard users get the type they see selected.
        onKeyUp={(event) => event.currentTarget.value !== type && onChoose(event.currentTarget.value)}
        aria-describedby="type-description"
      >
        {matching.map((option) => (
          <option key={option.type} value={option.type}>
            {option.displayName} — {option.description}
          </option>
        ))}
      </select>
      <p id="type-description" className="muted">
        {info ? (
          <>
            {info.description}
            {info.docsUrl ? (
              <>
                {' '}
                <a href={info.docsUrl} target="_blank" rel="noreferrer noopener">
                  Where to get the credentials
                </a>
              </>
            ) : null}
          </>
        ) : (
          `${matching.length} types${search ? ' match' : ''}. Pick one to see its form.`
        )}
      </p>
    </div>
  );
}
