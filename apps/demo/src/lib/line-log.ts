/** One line of a {@link LineLog}, with an id that stays the same while the line is shown. */
export interface LogLine {
  readonly id: number;
  readonly text: string;
}

const nextFrame = (callback: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
  else setTimeout(callback, 16);
};

/**
 * A bounded log that token listeners can write to at any rate: it keeps the last `limit` lines and tells its
 * subscribers at most once per frame, so a fast stream costs one render per frame, not one per token.
 * Made for `useSyncExternalStore`.
 */
export class LineLog {
  private lines: LogLine[] = [];
  private snapshot: readonly LogLine[] = [];
  private nextId = 0;
  private scheduled = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly limit: number) {}

  push(text: string): void {
    this.lines.push({ id: this.nextId++, text });
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    this.schedule();
  }

  clear(): void {
    this.lines = [];
    this.schedule();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The lines as of the last notification: the same array until the next one. */
  readonly getSnapshot = (): readonly LogLine[] => this.snapshot;

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    nextFrame(() => {
      this.scheduled = false;
      this.snapshot = [...this.lines];
      for (const listener of this.listeners) listener();
    });
  }
}
