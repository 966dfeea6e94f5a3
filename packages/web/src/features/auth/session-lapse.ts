import { useSyncExternalStore } from 'react';

/**
 * Whether the server ended the session (idle timeout, signed out elsewhere) while this page still
 * shows it as signed in. The page is then kept, with whatever was typed on it, under a dialog that
 * signs the same person in again (`SessionLapseDialog`), instead of being swapped for the sign-in
 * page and its form lost.
 */
let lapsed = false;
const listeners = new Set<() => void>();

export function setSessionLapsed(value: boolean): void {
  if (lapsed === value) return;
  lapsed = value;
  for (const listener of listeners) listener();
}

export function isSessionLapsed(): boolean {
  return lapsed;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSessionLapsed(): boolean {
  return useSyncExternalStore(subscribe, isSessionLapsed);
}
