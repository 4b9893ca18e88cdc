import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { PlannedAnswer } from './sim-answer.js';

/**
 * One part of the simulated stream. A token (a reasoning, text or tool-input delta) waits its turn at the model's
 * pace, and the next one `pauseAfterMs` more; the other parts (starts, ends, the tool call) go out as soon as the
 * part before them did.
 */
export interface Beat {
  part: LanguageModelV4StreamPart;
  token: boolean;
  pauseAfterMs: number;
}

const part = (value: LanguageModelV4StreamPart): Beat => ({ part: value, token: false, pauseAfterMs: 0 });

/**
 * The stream of a planned answer: its thoughts, then its text or its tool call (the finish is the model's to add).
 * `callNumber` numbers the block ids, which must not repeat across the calls of one multi-step answer.
 */
export function beatsOf(plan: PlannedAnswer, ponderMs: number, callNumber = 0): Beat[] {
  const beats: Beat[] = [];
  const reasoningId = `reasoning-${callNumber}`;
  const textId = `text-${callNumber}`;
  if (plan.reasoning.length > 0) {
    beats.push(part({ type: 'reasoning-start', id: reasoningId }));
    for (const delta of plan.reasoning) {
      // A thought ends at a sentence's end: the model ponders there before the next, as reasoning models seem to.
      const pause = /[.?!…]$/.test(delta) ? ponderMs : 0;
      beats.push({ part: { type: 'reasoning-delta', id: reasoningId, delta }, token: true, pauseAfterMs: pause });
    }
    beats.push(part({ type: 'reasoning-end', id: reasoningId }));
  }
  if (plan.tokens.length > 0) {
    beats.push(part({ type: 'text-start', id: textId }));
    for (const delta of plan.tokens) {
      beats.push({ part: { type: 'text-delta', id: textId, delta }, token: true, pauseAfterMs: 0 });
    }
    beats.push(part({ type: 'text-end', id: textId }));
  }
  const call = plan.toolCall;
  if (call) {
    const id = call.toolCallId;
    beats.push(part({ type: 'tool-input-start', id, toolName: call.toolName }));
    for (const delta of call.inputPieces) {
      beats.push({ part: { type: 'tool-input-delta', id, delta }, token: true, pauseAfterMs: 0 });
    }
    beats.push(part({ type: 'tool-input-end', id }));
    beats.push(part({ type: 'tool-call', toolCallId: id, toolName: call.toolName, input: JSON.stringify(call.input) }));
  }
  return beats;
}
