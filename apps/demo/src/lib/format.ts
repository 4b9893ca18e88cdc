import type { Token } from '@tokenflow/streaming';

/** Milliseconds for people: "312 ms", "4.20 s"; a dash when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(2)} s`;
}

/** A token rate: "41 tok/s", "7.5 tok/s"; a dash when unknown. */
export function formatRate(perSecond: number | undefined): string {
  if (perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return `${perSecond.toFixed(perSecond < 10 ? 1 : 0)} tok/s`;
}

/** A count with thousands separators; a dash when unknown. */
export function formatCount(count: number | undefined): string {
  return count === undefined ? '—' : count.toLocaleString('en');
}

/** A token's place in a log: "#12" in the answer, "reasoning #3" in the model's reasoning (each counts its own). */
export function tokenLabel(token: Pick<Token, 'kind' | 'index'>): string {
  return token.kind === 'text' ? `#${token.index}` : `${token.kind} #${token.index}`;
}

/** The short form of a handle for logs: its first six characters ("PTfcah" of "PTfcah6qB3OivHBrqNHjVQ"). */
export function shortHandle(handle: string): string {
  return handle.slice(0, 6);
}

/** A duration in seconds for people: "0.8 s", "4.2 s", "12 s"; a dash when unknown. */
export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const seconds = ms / 1_000;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}
