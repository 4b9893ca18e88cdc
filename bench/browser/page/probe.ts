/**
 * What the page measures about itself, read by the runner through `window.__bench`. Everything is in
 * `performance.now()` ms of the page; the runner converts to wall-clock with `performance.timeOrigin` when it
 * compares with the server.
 */

export interface Probe {
  /** Set once every output component has registered its start function. */
  ready: boolean;
  clickAt: number;
  /** First mutation that put text into an output: the first token on screen (DOM committed, before paint). */
  firstTokenAt: number;
  /** Per output: the last mutation of its text, i.e. when its final text reached the DOM. */
  lastMutation: Record<string, number>;
  /** Per output: [time, text length] after each batch of mutations that changed its length. */
  lengthLog: Record<string, [number, number][]>;
  commits: number;
  commitMs: number;
  maxCommitsPerFrame: number;
  longTasks: number[];
  frames: number;
  slowFrames: number;
  renders: number;
  /** Renders of an output whose text had not changed since its previous render. */
  idleRenders: number;
  /** Per named component (the reasoning scenario's `reasoning`, `text`, `chat`): the time of each of its renders. */
  componentRenders: Record<string, number[]>;
  doneCount: number;
  go: () => void;
}

const probe: Probe = {
  ready: false,
  clickAt: 0,
  firstTokenAt: 0,
  lastMutation: {},
  lengthLog: {},
  commits: 0,
  commitMs: 0,
  maxCommitsPerFrame: 0,
  longTasks: [],
  frames: 0,
  slowFrames: 0,
  renders: 0,
  idleRenders: 0,
  componentRenders: {},
  doneCount: 0,
  go: () => {},
};
(window as unknown as { __bench: Probe }).__bench = probe;
export default probe;

let running = false;
let commitsThisFrame = 0;

/** Called by the click handler, before any stream starts. */
export function startMeasuring(): void {
  probe.clickAt = performance.now();
  running = true;
  // The rAF loop measures frame gaps; a gap over 32 ms is two or more missed frames (visible jank).
  let last = performance.now();
  // performance.now(), not rAF's timestamp: in headless Chromium that timestamp can predate the task that blocked
  // the frame, which hid an 800 ms task from the gap measure.
  const frame = () => {
    const now = performance.now();
    probe.frames++;
    if (now - last > 32) probe.slowFrames++;
    last = now;
    commitsThisFrame = 0;
    // One frame after the last stream is done: the gap up to it (the final commit's work) still counts.
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

export function markDone(total: number): void {
  probe.doneCount++;
  if (probe.doneCount === total) running = false;
}

/** `<Profiler onRender>`: fires only in the profiling build of react-dom (aliased in the bench's Vite build). */
export function onCommit(_id: string, _phase: string, actualDuration: number): void {
  if (!running) return;
  probe.commits++;
  probe.commitMs += actualDuration;
  commitsThisFrame++;
  if (commitsThisFrame > probe.maxCommitsPerFrame) probe.maxCommitsPerFrame = commitsThisFrame;
}

/** Counts a render of output `sid`; an idle render is one whose text did not change since the previous render. */
export function countRender(previous: { current: string | null }, text: string): void {
  if (!running) return;
  probe.renders++;
  if (previous.current === text) probe.idleRenders++;
  previous.current = text;
}

/** Notes a render of the component `name` (while measuring), with its time. */
export function countComponentRender(name: string): void {
  if (!running) return;
  const times = probe.componentRenders[name] ?? [];
  probe.componentRenders[name] = times;
  times.push(performance.now());
}

// Entries arrive after the task, maybe after the run is marked done: filter by start time, not by `running`.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (probe.clickAt && entry.startTime >= probe.clickAt) probe.longTasks.push(entry.duration);
}).observe({ type: 'longtask' });

/**
 * Watches the outputs (`[data-out]`), cheaply per mutation: the text is read only until the first token shows, and
 * each output's length is kept up to date from the text nodes a mutation touched (never by reading the whole text),
 * so the runner can tell when each token reached the DOM.
 */
export function observeOutputs(root: HTMLElement): void {
  const counted = new Map<Text, number>();
  const lengths = new Map<HTMLElement, number>();
  const textsIn = (node: Node): Text[] => {
    if (node instanceof Text) return [node];
    const found: Text[] = [];
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) found.push(text as Text);
    return found;
  };
  // Idempotent: a text node counts its current length if it is inside the output now, else nothing.
  const recount = (out: HTMLElement, text: Text): void => {
    const now = out.contains(text) ? text.length : 0;
    lengths.set(out, (lengths.get(out) ?? 0) + now - (counted.get(text) ?? 0));
    if (now > 0) counted.set(text, now);
    else counted.delete(text);
  };
  new MutationObserver((records) => {
    const now = performance.now();
    const changed = new Set<HTMLElement>();
    const touchedIn = (out: HTMLElement, touched: Node[]): void => {
      const sid = out.dataset.out as string;
      probe.lastMutation[sid] = now;
      if (probe.firstTokenAt === 0 && out.textContent !== '') probe.firstTokenAt = now;
      for (const touchedNode of touched) for (const text of textsIn(touchedNode)) recount(out, text);
      changed.add(out);
    };
    for (const record of records) {
      const node = record.target;
      const out = (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('[data-out]');
      if (out) {
        touchedIn(out, record.type === 'characterData' ? [node] : [...record.addedNodes, ...record.removedNodes]);
        continue;
      }
      // An output mounted with its first text (useChat's parts appear with their first token): count it whole.
      for (const added of record.addedNodes) {
        if (!(added instanceof HTMLElement)) continue;
        const outs = added.matches('[data-out]') ? [added] : [];
        for (const inner of added.querySelectorAll<HTMLElement>('[data-out]')) outs.push(inner);
        for (const mounted of outs) touchedIn(mounted, [mounted]);
      }
    }
    for (const out of changed) {
      const sid = out.dataset.out as string;
      const log = probe.lengthLog[sid] ?? [];
      probe.lengthLog[sid] = log;
      const length = lengths.get(out) ?? 0;
      if (log[log.length - 1]?.[1] !== length) log.push([now, length]);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true });
}
