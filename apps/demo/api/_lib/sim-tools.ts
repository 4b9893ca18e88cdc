import type {
  JSONValue,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4Prompt,
} from '@ai-sdk/provider';
import { fillSchema } from './sim-json.js';

/** A call the simulated model makes: which tool, and its input (streamed as JSON text). */
export interface PlannedToolCall {
  toolCallId: string;
  toolName: string;
  input: JSONValue;
}

/** What a tool the route ran gave back, as the next call's prompt carries it. */
export interface ToolOutcome {
  toolName: string;
  ok: boolean;
  value: JSONValue;
}

/** The words of a tool's name: `getWeather` and `get_weather` are "get" and "weather". */
const nameWords = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 4);

/**
 * The function tool to call for this question: the one `toolChoice` names, else one whose name is a word of the
 * question ("What's the weather in Oslo?" calls `weather` or `getWeather`); with `toolChoice: 'required'`, the
 * first tool if none is named. None with `toolChoice: 'none'`.
 */
export function chooseTool(
  options: LanguageModelV4CallOptions,
  question: string,
): LanguageModelV4FunctionTool | undefined {
  const tools = (options.tools ?? []).filter((tool): tool is LanguageModelV4FunctionTool => tool.type === 'function');
  const choice = options.toolChoice;
  if (choice?.type === 'none') return undefined;
  if (choice?.type === 'tool') return tools.find((tool) => tool.name === choice.toolName);
  const named = tools.find((tool) => nameWords(tool.name).some((word) => new RegExp(`\\b${word}`, 'i').test(question)));
  return named ?? (choice?.type === 'required' ? tools[0] : undefined);
}

/** The place a question names ("… in New York?", "… for Oslo"), Paris if none. */
export function placeIn(question: string): string {
  const named = /\b(?:in|for|at|of)\s+((?:[A-Z][\p{L}'’.-]*)(?:\s+[A-Z][\p{L}'’.-]*)*)/u.exec(question);
  return named?.[1]?.replace(/[.'’]+$/, '') ?? 'Paris';
}

let calls = 0;

/** The call of `tool` for `question`: its input fills the tool's input schema, the place the question names included. */
export function planToolCall(tool: LanguageModelV4FunctionTool, question: string): PlannedToolCall {
  calls += 1;
  return {
    toolCallId: `sim-call-${Date.now().toString(36)}-${calls}`,
    toolName: tool.name,
    input: fillSchema(tool.inputSchema, { city: placeIn(question), query: question, question, units: 'metric' }),
  };
}

/** The tool results of this turn: those after the user's last message (what the model has not answered yet). */
export function toolOutcomes(prompt: LanguageModelV4Prompt): ToolOutcome[] {
  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  const outcomes: ToolOutcome[] = [];
  for (const message of prompt.slice(lastUser + 1)) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type !== 'tool-result') continue;
      const { output } = part;
      const ok = output.type === 'json' || output.type === 'text';
      const value: JSONValue =
        output.type === 'content'
          ? output.value.map((item) => (item.type === 'text' ? item.text : '')).join('')
          : output.type === 'execution-denied'
            ? (output.reason ?? 'denied')
            : output.value;
      outcomes.push({ toolName: part.toolName, ok, value });
    }
  }
  return outcomes;
}

const field = (value: JSONValue, key: string): JSONValue | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, JSONValue>>)[key]
    : undefined;

/** "temperatureC" → "temperature c": a field named in plain words. */
const spoken = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** A tool's output in brief, for the model's thoughts: its first few fields, or its text. */
export function brief(value: JSONValue): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  }
  const fields = Object.entries(value).slice(0, 4);
  return fields
    .map(([key, item]) => `${spoken(key)} ${typeof item === 'string' ? item : JSON.stringify(item)}`)
    .join(', ');
}

/** One tool's result in a sentence: the weather read out when it looks like weather, else its fields one by one. */
function describe({ toolName, ok, value }: ToolOutcome): string {
  if (!ok) {
    const reason = typeof value === 'string' ? value : JSON.stringify(value);
    return `I asked the ${toolName} tool, but it failed (${reason}), so I cannot tell you that right now.`;
  }
  const temperature = field(value, 'temperatureC');
  const conditions = field(value, 'conditions');
  if (typeof temperature === 'number' && typeof conditions === 'string') {
    const city = field(value, 'city');
    const wind = field(value, 'windKph');
    const humidity = field(value, 'humidity');
    return [
      `Right now it is ${temperature} °C and ${conditions} in ${typeof city === 'string' ? city : 'that city'}.`,
      typeof wind === 'number' ? ` The wind blows at ${wind} km/h` : '',
      typeof humidity === 'number' ? `${typeof wind === 'number' ? ',' : ' The'} humidity is ${humidity}%` : '',
      typeof wind === 'number' || typeof humidity === 'number' ? '.' : '',
      ` That comes from the ${toolName} tool, which the route ran for me a moment ago.`,
    ].join('');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `The ${toolName} tool answered: ${typeof value === 'string' ? value : JSON.stringify(value)}.`;
  }
  const facts = Object.entries(value).map(
    ([key, item]) => `${spoken(key)} ${typeof item === 'string' ? item : JSON.stringify(item)}`,
  );
  return `The ${toolName} tool answered with ${facts.join(', ')}.`;
}

/** The answer once the tools ran: each result read out. */
export function answerFromTools(outcomes: readonly ToolOutcome[]): string {
  return outcomes.map(describe).join('\n\n');
}
