/** One line of a tool card: the key of the value it shows, its label, and the unit after it. */
export interface ToolField {
  key: string;
  label: string;
  unit?: string;
}

/** The input and output lines a card shows for a tool. */
export interface ToolLayout {
  input: readonly ToolField[];
  output: readonly ToolField[];
}

/**
 * The tools the page knows (the route's `weather`, see api/_lib/demo-features.ts): their cards have every line from
 * the start, a dash until its value comes, so a card does not grow while its call runs.
 */
const KNOWN_TOOLS: Readonly<Record<string, ToolLayout>> = {
  weather: {
    input: [{ key: 'city', label: 'City' }],
    output: [
      { key: 'temperatureC', label: 'Temperature', unit: ' °C' },
      { key: 'conditions', label: 'Conditions' },
      { key: 'windKph', label: 'Wind', unit: ' km/h' },
      { key: 'humidity', label: 'Humidity', unit: '%' },
    ],
  },
};

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "windKph" → "Wind kph": a key in plain words. */
const labelOf = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
};

/** The lines for a value of a tool the page does not know: each key of it, as it comes. */
const fieldsOf = (value: unknown): ToolField[] =>
  isRecord(value) ? Object.keys(value).map((key) => ({ key, label: labelOf(key) })) : [];

/** The lines of a tool's card: the known ones, else the keys its input and output have so far. */
export function toolLayout(name: string, input: unknown, output: unknown): ToolLayout {
  return KNOWN_TOOLS[name] ?? { input: fieldsOf(input), output: fieldsOf(output) };
}

/** The value a line shows: its text with the unit, or undefined while it has none. */
export function fieldText(value: unknown, field: ToolField): string | undefined {
  const item = isRecord(value) ? value[field.key] : undefined;
  if (item === undefined) return undefined;
  const text = typeof item === 'string' ? item : JSON.stringify(item);
  return `${text}${field.unit ?? ''}`;
}
