// The API key lives in this tab only: sessionStorage is per tab and cleared when it closes.
const STORAGE_KEY = 'switchboard.apiKey';

export function storedApiKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the key is asked again after a reload
  }
}

export function storeApiKey(key: string | undefined): void {
  try {
    if (key === undefined) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // storage disabled: the key stays in memory (api.ts) for this page only
  }
}
