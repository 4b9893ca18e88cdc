import type { Page } from 'playwright-core';

// What a reader saw, in the order they saw it: a page records each change of some elements (by test id) at every
// DOM mutation, and a test reads the record afterwards (which came first, what one showed when another changed).

/** What a watched element is read as: its text, whether it is open (a `<details>`), or how many children it has. */
export type Reading = 'text' | 'open' | 'children';

/** One change of a watched element: when (ms after watching began), which, and what it read then. */
export interface Change {
  at: number;
  name: string;
  value: string;
}

/**
 * Records in the page every change of the watched elements (by test id), at each DOM mutation, from now on: what
 * the reader saw, in the order they saw it. `changes(page)` gives the record.
 */
export async function watch(page: Page, watched: Record<string, [testId: string, reading: Reading]>): Promise<void> {
  await page.evaluate((watched) => {
    const record: Change[] = [];
    const last = new Map<string, string>();
    const began = performance.now();
    const read = (element: Element | null, reading: Reading): string => {
      if (element === null) return '(absent)';
      if (reading === 'open') return (element as HTMLDetailsElement).open ? 'open' : 'closed';
      return reading === 'children' ? String(element.children.length) : (element.textContent ?? '');
    };
    const sample = () => {
      // One time for the whole sample: what changed together reads as at the same moment.
      const at = performance.now() - began;
      for (const [name, [testId, reading]] of Object.entries(watched)) {
        const value = read(document.querySelector(`[data-testid="${testId}"]`), reading);
        if (last.get(name) === value) continue;
        last.set(name, value);
        record.push({ at, name, value });
      }
    };
    sample();
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    (window as unknown as { changes: Change[] }).changes = record;
  }, watched);
}

export const changes = (page: Page): Promise<Change[]> =>
  page.evaluate(() => (window as unknown as { changes: Change[] }).changes);

/** The first change of `name` to a value that passes `test`; fails the test when there is none. */
export function first(record: Change[], name: string, test: (value: string) => boolean): Change {
  const change = record.find((entry) => entry.name === name && test(entry.value));
  if (change === undefined) throw new Error(`${name} never read as expected: ${JSON.stringify(record)}`);
  return change;
}

/** What `name` read at `at`. */
export const valueAt = (record: Change[], name: string, at: number): string | undefined =>
  record.findLast((entry) => entry.name === name && entry.at <= at)?.value;

export const filled = (value: string) => value !== '' && value !== '(absent)';
