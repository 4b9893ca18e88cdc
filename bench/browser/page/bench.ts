/**
 * What every implementation of the page shares: the query (`impl`, `streams`, the scenario, `run`), the route URL,
 * and the registry of start functions that the "go" button calls.
 */
import { useEffect, useRef } from 'react';
import { parseScenario, scenarioQuery } from '../scenario.js';
import { countRender, markDone } from './probe.js';

const params = new URLSearchParams(location.search);
export const impl = params.get('impl') ?? 'tokenflow';
export const streams = Number(params.get('streams') ?? 1);
export const scenario = parseScenario(params);
export const base = `/api/stream?${scenarioQuery(scenario)}&run=${encodeURIComponent(params.get('run') ?? 'x')}`;
export const api = (sid: string): string => `${base}&sid=${sid}`;

export const starters = new Map<string, () => void>();

/** Registers output `sid`'s start function (the latest one: called by the "go" button). */
export function useStart(sid: string, start: () => void): void {
  starters.set(sid, start);
}

/**
 * Registers this output's start function, counts its render (an idle one if `text` did not change), and marks it
 * done once its final text is committed.
 */
export function useBench(sid: string, text: string, finished: boolean, start: () => void): void {
  const previous = useRef<string | null>(null);
  countRender(previous, text);
  useStart(sid, start);
  useEffect(() => {
    if (finished) markDone(streams);
  }, [finished]);
}

/**
 * Marks stream `sid` done once `<StreamText>` shows its final text in `output`. The store may publish the end a
 * frame or more after the stream settles (its flushes are spaced), so neither `end` nor a frame after it tells when
 * the final text is written: `<StreamText>` drops `aria-busy` in the very update that writes it.
 */
export function doneWhenShown(output: HTMLElement): void {
  const ended = new MutationObserver(() => {
    if (output.hasAttribute('aria-busy')) return; // set when the stream starts
    ended.disconnect();
    markDone(streams);
  });
  ended.observe(output, { attributeFilter: ['aria-busy'] });
}
