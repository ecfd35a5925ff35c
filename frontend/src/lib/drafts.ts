import { useCallback, useEffect, useState } from 'react';

const prefix = 'recovery:draft:';

/**
 * A form's state kept in the tab's sessionStorage as it is typed, so that a session that expired mid-sentence loses
 * nothing: after signing in again the person comes back to the same page and finds it as they left it. `restored` says
 * so (show it); `clear` after the form was saved.
 */
export function useDraft<T>(key: string, empty: T) {
  const storageKey = prefix + key;
  const [restored] = useState(() => sessionStorage.getItem(storageKey) !== null);
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (saved === null) return empty;
    try { return JSON.parse(saved) as T; } catch { return empty; }
  });
  useEffect(() => {
    if (JSON.stringify(value) === JSON.stringify(empty)) sessionStorage.removeItem(storageKey);
    else sessionStorage.setItem(storageKey, JSON.stringify(value));
    // `empty` is a constant of the form; only the value decides what is kept.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey, value]);
  const clear = useCallback(() => setValue(empty), [empty]);
  return { value, setValue, clear, restored } as const;
}

/** Where to come back to after signing in again (the page the session expired on). */
export const returnPath = {
  save: () => sessionStorage.setItem(`${prefix}return`, window.location.pathname + window.location.search),
  take: () => {
    const path = sessionStorage.getItem(`${prefix}return`);
    sessionStorage.removeItem(`${prefix}return`);
    return path && path.startsWith('/') && !path.startsWith('//') && path !== '/login' ? path : '/';
  },
};
