import type { JSONSchema7 } from '@ai-sdk/provider';
import { asksForLength } from './sim-text.js';
import { brief, type PlannedToolCall, type ToolOutcome } from './sim-tools.js';

/**
 * Whether a prompt asks the model to think first ("think it through", "step by step", "show your reasoning"): the
 * simulated models that do not always think, think then.
 */
export function asksToThink(prompt: string): boolean {
  return /\b(think\w*|step[- ]by[- ]step|reason(ing)? (it )?(out|through)|show your (work|reasoning)|ponder)\b/i.test(
    prompt,
  );
}

/** What the simulated model is about to do, which its thoughts are about. */
export type Intent =
  | { kind: 'call-tool'; call: PlannedToolCall }
  | { kind: 'read-tools'; outcomes: readonly ToolOutcome[] }
  | { kind: 'json'; schema: JSONSchema7 | undefined; title: string | undefined }
  | { kind: 'text'; known: boolean };

/** The prompt as the thoughts quote it: on one line, and cut short when long. */
function quote(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 70 ? `${line.slice(0, 67).trimEnd()}…` : line;
}

function plan(intent: Intent, prompt: string): string[] {
  switch (intent.kind) {
    case 'call-tool':
      return [
        `That depends on live data I do not have: I cannot know it from training alone.`,
        `The route offers a tool for it, ${intent.call.toolName}, so I will call it with ${JSON.stringify(intent.call.input)} and wait for its answer.`,
      ];
    case 'read-tools': {
      const names = [...new Set(intent.outcomes.map((outcome) => outcome.toolName))].join(' and ');
      const failed = intent.outcomes.some((outcome) => !outcome.ok);
      return failed
        ? [`The ${names} tool failed.`, 'I should say so plainly rather than make something up.']
        : [
            `The ${names} tool answered: ${brief(intent.outcomes[0]?.value ?? null)}.`,
            'That is what I needed; I will put it in a sentence or two.',
          ];
    }
    case 'json': {
      const fields = Object.keys(intent.schema?.properties ?? {});
      return [
        fields.length > 0
          ? `The answer must be JSON with ${fields.join(', ')}, nothing around it.`
          : 'The answer must be a JSON object, nothing around it.',
        intent.title === undefined
          ? 'I will fill in each field in order.'
          : `${intent.title} fits the request; I will fill in each field in order, lists included.`,
      ];
    }
    case 'text':
      return intent.known
        ? [
            'I know this one well.',
            asksForLength(prompt)
              ? 'They want it long and detailed, so I will go section by section.'
              : 'A short, clear answer is best; the first sentence should answer it.',
          ]
        : [
            'This is not one of the questions I have an answer for: I am the demo’s simulated model.',
            'Better to say so honestly, and explain how to connect a real model.',
          ];
  }
}

/**
 * What the simulated model thinks before it answers: the question restated, what it needs and what it will do, in
 * a few sentences (streamed as reasoning, a sentence at a time with a pause after each).
 *
 * @example
 * ```ts
 * composeThoughts('Think: what is 2 + 2?', { kind: 'text', known: false });
 * // 'The user asks: "Think: what is 2 + 2?". This is not one of the questions …'
 * ```
 */
export function composeThoughts(prompt: string, intent: Intent): string {
  // Back from a tool, the question was restated already, before the call.
  const restated = intent.kind === 'read-tools' ? [] : [`The user asks: "${quote(prompt)}".`];
  return [...restated, ...plan(intent, prompt)].join(' ');
}
