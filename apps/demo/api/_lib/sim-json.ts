import type { JSONSchema7, JSONSchema7Definition, JSONValue } from '@ai-sdk/provider';

/**
 * Values the simulated model knows, by name: what it fills a JSON schema with. Keys are matched loosely (case and
 * punctuation aside, and through synonyms: a schema's `name` or `dish` gets a recipe's `title`).
 */
export type Facts = Readonly<Record<string, unknown>>;

/** Field names that mean the same thing, each with the fact names to try, in order. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  name: ['name', 'title'],
  dish: ['title'],
  recipe: ['title'],
  summary: ['description'],
  serves: ['servings'],
  portions: ['servings'],
  yield: ['servings'],
  time: ['minutes'],
  totaltime: ['minutes'],
  totalminutes: ['minutes'],
  durationminutes: ['minutes'],
  quantity: ['quantity', 'amount'],
  amount: ['amount', 'quantity'],
  ingredient: ['name'],
  item: ['name'],
  instructions: ['steps'],
  method: ['steps'],
  directions: ['steps'],
  location: ['city'],
  place: ['city'],
  town: ['city'],
};

const normalize = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The first fact for `key` that has the wanted JSON type. */
function factFor(facts: Facts, key: string, wanted: (value: unknown) => boolean): unknown {
  const plain = normalize(key);
  const byName = new Map(Object.entries(facts).map(([name, value]) => [normalize(name), value]));
  for (const candidate of [plain, ...(SYNONYMS[plain] ?? [])]) {
    const value = byName.get(candidate);
    if (value !== undefined && wanted(value)) return value;
  }
  return undefined;
}

/** "prepTime" → "prep time": how a field without a fact is filled in, so the JSON still reads as an example. */
const words = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim() || 'value';

type Schema = JSONSchema7;

/** The schema a `$ref` points to (`#`, `#/$defs/X` or `#/definitions/X`), or the schema itself. */
function resolve(schema: Schema, root: Schema): Schema {
  if (schema.$ref === '#') return root;
  const ref = schema.$ref?.match(/^#\/(\$defs|definitions)\/(.+)$/);
  if (!ref) return schema;
  const defs =
    (ref[1] === '$defs' ? (root as { $defs?: Record<string, JSONSchema7Definition> }).$defs : root.definitions) ?? {};
  const target = defs[decodeURIComponent(ref[2] ?? '')];
  return typeof target === 'object' ? resolve(target, root) : {};
}

/** The branch to fill: the first of anyOf / oneOf / allOf that is not `null`. */
function branch(schema: Schema): Schema {
  const { anyOf, oneOf, allOf, ...rest } = schema;
  const options: JSONSchema7Definition[] | undefined = anyOf ?? oneOf ?? allOf;
  if (!options) return schema;
  const pick = options.find((option) => typeof option === 'object' && option.type !== 'null');
  return typeof pick === 'object' ? branch({ ...rest, ...pick }) : {};
}

const typeOf = (schema: Schema): string | undefined => {
  const { type } = schema;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
};

const clamp = (value: number, schema: Schema) =>
  Math.min(schema.maximum ?? Number.POSITIVE_INFINITY, Math.max(schema.minimum ?? Number.NEGATIVE_INFINITY, value));

/**
 * A JSON value that matches `schema`, filled from `facts` where they have a value for a field (and say how many
 * items a list has), else with plain example values. Handles what structured-output schemas use: objects, arrays,
 * strings, numbers, booleans, enums, consts, nullable types, anyOf / oneOf, and `$ref`s into `$defs`.
 *
 * @example
 * ```ts
 * fillSchema({ type: 'object', properties: { city: { type: 'string' } } }, { city: 'Oslo' }); // { city: 'Oslo' }
 * ```
 */
export function fillSchema(
  schema: JSONSchema7,
  facts: Facts,
  key = 'value',
  root: JSONSchema7 = schema,
  depth = 0,
): JSONValue {
  const node = branch(resolve(schema, root));
  if (node.const !== undefined) return node.const as JSONValue;
  if (node.enum) {
    const known = factFor(facts, key, (value) => node.enum?.includes(value as never) ?? false);
    return (known ?? node.enum[0] ?? null) as JSONValue;
  }
  switch (typeOf(node)) {
    case 'object': {
      // A fact that is itself an object fills this one (a recipe's `nutrition`); else the same facts go down.
      const own = factFor(facts, key, (value) => typeof value === 'object' && value !== null && !Array.isArray(value));
      const inner = (own as Facts | undefined) ?? facts;
      const object: Record<string, JSONValue> = {};
      for (const [name, property] of Object.entries(node.properties ?? {})) {
        if (typeof property === 'object') object[name] = fillSchema(property, inner, name, root, depth + 1);
      }
      return object;
    }
    case 'array':
      return fillArray(node, facts, key, root, depth);
    case 'string': {
      const known = factFor(facts, key, (value) => typeof value === 'string') as string | undefined;
      const text = known ?? (node.format === 'date' ? '2025-06-01' : `example ${words(key)}`);
      return node.maxLength === undefined ? text : text.slice(0, node.maxLength);
    }
    case 'number':
    case 'integer': {
      const known = factFor(facts, key, (value) => typeof value === 'number') as number | undefined;
      const number = clamp(known ?? 1, node);
      return typeOf(node) === 'integer' ? Math.round(number) : number;
    }
    case 'boolean':
      return (factFor(facts, key, (value) => typeof value === 'boolean') as boolean | undefined) ?? true;
    case 'null':
      return null;
    default:
      return (factFor(facts, key, () => true) as JSONValue | undefined) ?? null;
  }
}

/**
 * A list: one item per fact item (objects filled from each), or two example items; minItems and maxItems kept. Deep
 * down (a schema that refers to itself) lists get their fewest items, so the value ends.
 */
function fillArray(node: Schema, facts: Facts, key: string, root: Schema, depth: number): JSONValue[] {
  const items = typeof node.items === 'object' && !Array.isArray(node.items) ? node.items : {};
  const known = factFor(facts, key, Array.isArray) as unknown[] | undefined;
  const min = node.minItems ?? 0;
  const max = node.maxItems ?? Number.POSITIVE_INFINITY;
  const count = depth > 4 ? min : Math.min(max, Math.max(min, known?.length ?? 2));
  return Array.from({ length: count }, (_, index) => {
    const fact = known?.[index % Math.max(1, known.length)];
    const itemFacts: Facts =
      typeof fact === 'object' && fact !== null ? (fact as Facts) : fact === undefined ? {} : { [key]: fact };
    return fillSchema(items, itemFacts, key, root, depth + 1);
  });
}
