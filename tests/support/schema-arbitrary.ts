import fc from "fast-check";

/**
 * fast-check arbitraries for values a JSON Schema (2020-12, as the served OpenAPI document
 * writes it) allows: what a client generated from the document may send. Only the keywords
 * the document uses are understood; an unknown one fails loudly rather than generating
 * something the schema does not mean.
 */

type Doc = any;
type Schema = Record<string, any>;

const KNOWN = new Set([
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "anyOf",
  "oneOf",
  "$ref",
  "description",
  "examples",
  "default",
  "title",
  "$schema",
  "id",
]);

/** Characters a person types: letters of several scripts, digits, spaces and punctuation. */
const TEXT_CHARS = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  ..." .,'-()/&",
  ..."éÉøßŁżğ",
  "🏠",
];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 11, 31);

/** Valid calendar dates across the range the service holds, weighted towards the near future. */
const calendarDate = fc.oneof(
  fc
    .integer({ min: 0, max: Math.floor((LATEST - EARLIEST) / DAY_MS) })
    .map((n) => isoDay(new Date(EARLIEST + n * DAY_MS))),
  fc.integer({ min: -400, max: 800 }).map((n) => isoDay(new Date(Date.UTC(2027, 2, 1) + n * DAY_MS))),
);

/** One line of text (no leading or trailing space, so its length is the same trimmed). */
function personText(min: number, max: number) {
  const inner = fc.string({
    unit: fc.constantFrom(...TEXT_CHARS),
    minLength: 0,
    maxLength: Math.min(max, 40),
  });
  return inner
    .map((s) => s.trim())
    .filter((s) => s.length >= min && s.length <= max && (min === 0 || /\S/.test(s)));
}

export function arbitraryFor(doc: Doc, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 12) throw new Error("schema nests too deeply to generate");
  if (schema.$ref) {
    const target = (schema.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce((n: Doc, k) => n?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return arbitraryFor(doc, target, depth + 1);
  }
  for (const k of Object.keys(schema))
    if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} not understood`);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return fc.oneof(...(alternatives as Schema[]).map((s) => arbitraryFor(doc, s, depth + 1)));
  switch (schema.type) {
    case "string":
      return stringFor(schema);
    case "integer": {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
      return fc.integer({ min, max });
    }
    case "number":
      return fc.double({
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "boolean":
      return fc.boolean();
    case "array": {
      const item = arbitraryFor(doc, schema.items ?? {}, depth + 1);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) };
      return schema.uniqueItems
        ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(item, constraints);
    }
    case "object":
    case undefined: {
      if (!schema.properties && schema.type === undefined) return fc.constant("any");
      const required = new Set<string>(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {}))
        shape[name] = arbitraryFor(doc, prop, depth + 1);
      const record = fc.record(shape, {
        requiredKeys: Object.keys(shape).filter((k) => required.has(k)),
      }) as fc.Arbitrary<Record<string, unknown>>;
      const min = schema.minProperties ?? 0;
      return min > 0 ? record.filter((o) => Object.keys(o).length >= min) : record;
    }
    default:
      throw new Error(`schema type ${JSON.stringify(schema.type)} not understood`);
  }
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  if (schema.format === "date") return calendarDate;
  if (schema.format === "date-time")
    return fc
      .date({ min: new Date(EARLIEST), max: new Date(LATEST), noInvalidDate: true })
      .map((d) => d.toISOString());
  const pattern: string | undefined = schema.pattern;
  // The free-text patterns (refused characters, and "not blank"): text a person types.
  if (pattern?.startsWith("^(?=") || pattern?.startsWith("^[^\\u0000"))
    return personText(pattern.startsWith("^(?=") ? Math.max(min, 1) : min, max);
  if (pattern) {
    const re = new RegExp(pattern, "u");
    return fc.stringMatching(re).filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, 40) });
}
