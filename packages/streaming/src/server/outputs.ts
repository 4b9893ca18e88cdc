import { type FlexibleSchema, Output, type OutputInterface } from 'ai';

/**
 * A structured output a route offers: a schema (zod, any Standard Schema, the AI SDK's `jsonSchema()`), which the
 * route asks for as `Output.object({ schema, name })`, or an AI SDK output spec made by the app (`Output.object`
 * with a description, `Output.array`, `Output.choice`), used as it is.
 *
 * @example
 * ```ts
 * const recipe: StructuredOutput = z.object({ title: z.string(), steps: z.array(z.string()) });
 * const mood: StructuredOutput = Output.choice({ options: ['happy', 'sad'] });
 * ```
 */
export type StructuredOutput = FlexibleSchema | OutputInterface;

const isOutputSpec = (value: StructuredOutput): value is OutputInterface =>
  typeof value === 'object' && 'responseFormat' in value && 'parseCompleteOutput' in value;

/** Names every provider takes for a JSON schema (OpenAI's `text.format.name`: letters, digits, `_`, `-`, 64 at most). */
const PROVIDER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The spec as the route runs it: the model gets its response format, and its JSON streams as the text it is, a
 * delta per delta. Left to itself, the AI SDK would parse the whole JSON again at each delta (O(n²) over an answer)
 * and send text only when the parsed value changed, merging deltas; the route uses neither parse (clients read the
 * JSON as it streams), so its output streams like plain text, at the cost of plain text.
 */
function streamedAsText(spec: OutputInterface): OutputInterface {
  return {
    name: spec.name,
    responseFormat: spec.responseFormat,
    parseCompleteOutput: (options, context) => spec.parseCompleteOutput(options, context),
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}

/**
 * The route's outputs as AI SDK output specs, made once per handler. A schema is named after its key when the key is
 * a name providers accept: some use it to guide the model, and it shows in their logs.
 */
export function resolveOutputs(
  outputs: Readonly<Record<string, StructuredOutput>> | undefined,
): ReadonlyMap<string, OutputInterface> {
  const resolved = new Map<string, OutputInterface>();
  for (const [name, value] of Object.entries(outputs ?? {})) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      throw new TypeError(`outputs.${name} is not a schema or an AI SDK output.`);
    }
    const spec = isOutputSpec(value)
      ? value
      : Output.object({ schema: value, ...(PROVIDER_NAME.test(name) && { name }) });
    resolved.set(name, streamedAsText(spec));
  }
  return resolved;
}
