import type { StreamHandle } from './types.js';

/**
 * Where a store remembers the handles of its running streams across page loads: `sessionStorage` (per tab, kept
 * by a reload) or anything with its three methods.
 *
 * @example
 * ```ts
 * const storage: HandleStorage = window.localStorage; // every tab of the site resumes them
 * ```
 */
export type HandleStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The storage key: one list of handles per origin and tab. */
const KEY = 'tokenflow:running';

/** The storage `resumeOnReload` names, if the page has one (none in Node or in a server render). */
export function storageOf(option: boolean | HandleStorage | undefined): HandleStorage | undefined {
  if (option === true) return (globalThis as { sessionStorage?: HandleStorage }).sessionStorage;
  return option || undefined;
}

/** The handles stored by an earlier page load; nothing when unreadable (blocked storage, a stranger's value). */
export function storedHandles(storage: HandleStorage): StreamHandle[] {
  try {
    const list: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds `handle` to the stored list (`running`) or takes it out. Storage that refuses (full, blocked) is ignored. */
export function storeHandle(storage: HandleStorage, handle: StreamHandle, running: boolean): void {
  const others = storedHandles(storage).filter((stored) => stored !== handle);
  const list = running ? [...others, handle] : others;
  try {
    if (list.length > 0) storage.setItem(KEY, JSON.stringify(list));
    else storage.removeItem(KEY);
  } catch {
    // Private modes and full quotas throw: the stream runs on, it just will not come back after a reload.
  }
}
