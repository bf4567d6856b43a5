import type { KeyValueStore } from '../storage.ts';
import { PlaygroundFormatError, validatePlayground, type PlaygroundFile } from '../../playground/file.ts';

/**
 * Playgrounds kept on this device: the one being edited (so a reload loses
 * nothing), and the ones the user saved by name, newest first. Whatever is
 * in storage is checked again when read: a damaged entry is dropped, never
 * an error screen.
 */

const DRAFT_KEY = 'perf-workshop:v1:playground-draft';
const SAVED_KEY = 'perf-workshop:v1:playgrounds';
/** Enough to be useful, few enough to stay far below the storage quota (each is a few kilobytes). */
export const MAX_SAVED = 30;

export interface SavedPlayground {
  id: string;
  name: string;
  savedAt: string;
  file: PlaygroundFile;
}

export function createPlaygroundStore(store: KeyValueStore) {
  const read = (key: string): unknown => {
    try {
      const text = store.getItem(key);
      return text === null ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const write = (key: string, value: unknown): boolean => {
    try {
      store.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  };
  const checked = (value: unknown): PlaygroundFile | undefined => {
    try {
      return validatePlayground(value);
    } catch (error) {
      if (error instanceof PlaygroundFormatError) return undefined;
      throw error;
    }
  };

  const list = (): SavedPlayground[] => {
    const raw = read(SAVED_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry: Partial<SavedPlayground>) => {
      const file = checked(entry?.file);
      return file && typeof entry.id === 'string' && typeof entry.name === 'string' ? [{ id: entry.id, name: entry.name, savedAt: String(entry.savedAt ?? ''), file }] : [];
    });
  };

  return {
    loadDraft: (): PlaygroundFile | undefined => checked(read(DRAFT_KEY)),
    saveDraft: (file: PlaygroundFile): boolean => write(DRAFT_KEY, file),
    list,
    /** Saves under `name`, replacing a saved playground of the same name; returns false when storage refuses. */
    save(name: string, file: PlaygroundFile, now = new Date()): boolean {
      const others = list().filter((entry) => entry.name !== name);
      const entry: SavedPlayground = { id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, name, savedAt: now.toISOString(), file };
      return write(SAVED_KEY, [entry, ...others].slice(0, MAX_SAVED));
    },
    remove: (id: string): boolean => write(SAVED_KEY, list().filter((entry) => entry.id !== id)),
  };
}

export type PlaygroundStore = ReturnType<typeof createPlaygroundStore>;
