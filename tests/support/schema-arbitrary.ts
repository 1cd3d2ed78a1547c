import fc from "fast-check";

/**
 * fast-check arbitraries for values a JSON Schema (2020-12, as the served OpenAPI document
 * writes it) allows: what a client generated from the document may send. Only the keywords
 * the document uses are understood; an unknown one fails loudly rather than generating
 * something the schema does not mean. Where two keywords constrain one value (a pattern and a
 * format, a pattern and a length), what is generated satisfies both; the fuzz test checks
 * every generated body against the document with ajv, so a generator that drifts is caught.
 */

type Doc = any;
type Schema = Record<string, any>;

/** Values worth sending for a property or parameter of this name (real ids, current versions). */
export type Hints = Readonly<Record<string, readonly string[]>>;

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
  "multipleOf",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "anyOf",
  "oneOf",
  "discriminator",
  "$ref",
  // annotations: they say nothing about which values are valid
  "description",
  "examples",
  "example",
  "default",
  "title",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$schema",
  "id",
]);

/** Characters a person types: letters of several scripts, digits, spaces and punctuation. */
const TEXT_CHARS = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  ..." .,'-()/&",
  ..."éÉøßŁżğ",
  "🏠",
  "\u00a0",
];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 11, 31);

/**
 * Valid calendar dates across the range the document allows, weighted towards the months
 * around `near` so that stays, arrivals and periods are often ones the service can take.
 */
const calendarDate = (near: number) =>
  fc.oneof(
    fc
      .integer({ min: 0, max: Math.floor((LATEST - EARLIEST) / DAY_MS) })
      .map((n) => isoDay(new Date(EARLIEST + n * DAY_MS))),
    {
      weight: 3,
      arbitrary: fc.integer({ min: -60, max: 240 }).map((n) => isoDay(new Date(near + n * DAY_MS))),
    },
    // the ends of the range, and the last days of months (leap years included)
    fc.constantFrom("1900-01-01", "2200-12-31", "2028-02-29", "2100-02-28", "2027-04-30", "2027-12-31"),
  );

/**
 * One line (or, when `multiline`, several) of text with a non-space character in it. A client
 * may pad it with spaces: the document measures the padded length, the server the trimmed one.
 */
function personText(min: number, max: number, multiline: boolean) {
  const chars = multiline ? [...TEXT_CHARS, "\n", "\t", "\r\n"] : TEXT_CHARS;
  const core = fc
    .string({ unit: fc.constantFrom(...chars), minLength: 0, maxLength: Math.min(max, 40) })
    .filter((s) => min === 0 || /\S/.test(s));
  const padded = fc
    .tuple(fc.constantFrom("", " ", "  "), core, fc.constantFrom("", " "))
    .map(([a, s, b]) => a + s + b);
  // Now and then the longest text the document allows, in code points as JSON Schema counts
  // them (an emoji is one, though two UTF-16 units).
  const longest = fc.constantFrom(...TEXT_CHARS.filter((c) => /\S/.test(c))).map((c) => c.repeat(max));
  return fc
    .oneof({ weight: 8, arbitrary: padded }, { weight: 1, arbitrary: longest })
    .filter((s) => s.length >= min && s.length <= max);
}

/** A mailbox both the document's pattern and `format: email` (RFC 5321 dot-atom, hostnames) accept. */
function emailFor(pattern: RegExp | undefined, max: number) {
  const atom = fc.string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'+-"),
    minLength: 1,
    maxLength: 12,
  });
  const label = fc
    .string({
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"),
      minLength: 0,
      maxLength: 10,
    })
    .chain((mid) =>
      fc
        .tuple(
          fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
          fc.constant(mid),
        )
        .chain(([first, m]) =>
          m.length === 0
            ? fc.constant(first)
            : fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789").map((last) => first + m + last),
        ),
    );
  const tld = fc.string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzGOVUK"),
    minLength: 2,
    maxLength: 6,
  });
  return fc
    .tuple(
      fc.array(atom, { minLength: 1, maxLength: 3 }),
      fc.array(label, { minLength: 1, maxLength: 3 }),
      tld,
    )
    .map(([local, domain, top]) => `${local.join(".")}@${[...domain, top].join(".")}`)
    .filter((s) => s.length <= max && (!pattern || pattern.test(s)));
}

/** Whether a string keeps to a string schema's own keywords (what a hint must, to be sent). */
function stringFits(schema: Schema, s: string): boolean {
  const length = [...s].length;
  return (
    length >= (schema.minLength ?? 0) &&
    length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
    (!schema.pattern || new RegExp(schema.pattern, "u").test(s))
  );
}

export interface GeneratorOptions {
  /** Values to send (often) for properties of these names, beside what the schema allows. */
  hints?: Hints;
  /** Values to send now and then for properties of these names (the document's examples). */
  examples?: Hints;
  /** The day `format: date` values cluster around (the service's "today"). */
  near?: string;
}

export function schemaArbitraries(doc: Doc, opts: GeneratorOptions = {}) {
  const hints = opts.hints ?? {};
  const examples = opts.examples ?? {};
  const near = Date.parse(`${opts.near ?? "2027-03-01"}T00:00:00Z`);

  const resolve = (ref: string): Schema => {
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((n: Doc, k) => n?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (!target) throw new Error(`unresolved ${ref}`);
    return target;
  };

  /** `name` is the property or parameter the schema is for, so hints can apply. */
  function arbitraryFor(schema: Schema | boolean, name?: string, depth = 0): fc.Arbitrary<unknown> {
    if (depth > 16) throw new Error("schema nests too deeply to generate");
    if (schema === true) return fc.jsonValue({ maxDepth: 1 });
    if (schema === false) throw new Error(`schema false for ${name}: nothing is valid`);
    if (schema.$ref) {
      const { $ref, ...siblings } = schema;
      return arbitraryFor({ ...resolve($ref), ...siblings }, name, depth + 1);
    }
    for (const k of Object.keys(schema))
      if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} not understood (${name ?? "?"})`);
    const generated = arbitraryOfSchema(schema, name, depth);
    if (!name || schema.type !== "string" || schema.enum || schema.const !== undefined) return generated;
    const ok = (v: string) => stringFits(schema, v);
    const hinted = (hints[name] ?? []).filter(ok);
    const exampled = (examples[name] ?? []).filter(ok);
    const choices = [{ weight: 2, arbitrary: generated }];
    if (hinted.length > 0) choices.push({ weight: 6, arbitrary: fc.constantFrom(...hinted) });
    if (exampled.length > 0) choices.push({ weight: 2, arbitrary: fc.constantFrom(...exampled) });
    return choices.length === 1 ? generated : fc.oneof(...choices);
  }

  function arbitraryOfSchema(schema: Schema, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
    if (alternatives) {
      const { anyOf: _a, oneOf: _o, discriminator: _d, ...rest } = schema;
      // Keywords beside anyOf (a description, a type) apply to every branch.
      return fc.oneof(...alternatives.map((s) => arbitraryFor({ ...rest, ...s }, name, depth + 1)));
    }
    if (Array.isArray(schema.type))
      return fc.oneof(
        ...(schema.type as string[]).map((t) => arbitraryOfSchema({ ...schema, type: t }, name, depth)),
      );
    switch (schema.type) {
      case "null":
        return fc.constant(null);
      case "string":
        return stringFor(schema);
      case "integer": {
        const min =
          schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
        const max =
          schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
        const step = schema.multipleOf ?? 1;
        return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => n * step);
      }
      case "number":
        return fc
          .double({
            min: schema.minimum ?? -1000,
            max: schema.maximum ?? 1000,
            minExcluded: schema.exclusiveMinimum !== undefined,
            maxExcluded: schema.exclusiveMaximum !== undefined,
            noNaN: true,
            noDefaultInfinity: true,
          })
          .filter((n) => !Object.is(n, -0));
      case "boolean":
        return fc.boolean();
      case "array": {
        const item = arbitraryFor(schema.items ?? true, name, depth + 1);
        const minLength = schema.minItems ?? 0;
        const constraints = { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) };
        return schema.uniqueItems
          ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(item, constraints);
      }
      case "object":
      case undefined: {
        if (schema.type === undefined && !schema.properties && schema.additionalProperties === undefined)
          return fc.jsonValue({ maxDepth: 1 });
        return objectFor(schema, depth);
      }
      default:
        throw new Error(`schema type ${JSON.stringify(schema.type)} not understood`);
    }
  }

  function objectFor(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const required = new Set<string>(schema.required ?? []);
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [prop, sub] of Object.entries<Schema>(schema.properties ?? {}))
      shape[prop] = arbitraryFor(sub, prop, depth + 1);
    let record = fc.record(shape, {
      requiredKeys: Object.keys(shape).filter((k) => required.has(k)),
    }) as fc.Arbitrary<Record<string, unknown>>;
    for (const r of required) if (!(r in shape)) throw new Error(`required ${r} is not among the properties`);
    const extra = schema.additionalProperties;
    if (extra !== undefined && extra !== false) {
      // A map (z.record): keys the propertyNames schema allows, values the additionalProperties one.
      const key = schema.propertyNames
        ? (arbitraryFor(schema.propertyNames, undefined, depth + 1) as fc.Arbitrary<string>)
        : fc.string({ minLength: 1, maxLength: 12 });
      const more = fc.dictionary(
        key.filter((k) => !(k in shape) && k !== "__proto__"),
        arbitraryFor(extra, undefined, depth + 1),
        { maxKeys: 3 },
      );
      record = fc.tuple(record, more).map(([a, b]) => ({ ...b, ...a }));
    }
    const min = schema.minProperties ?? 0;
    const max = schema.maxProperties ?? Number.POSITIVE_INFINITY;
    if (min === 0 && max === Number.POSITIVE_INFINITY) return record;
    const names = Object.keys(shape);
    if (min > names.length && extra === false) throw new Error(`minProperties ${min} cannot be met`);
    // Rather than filter away most records, lift `min` of the optional properties to present.
    return fc
      .tuple(record, fc.shuffledSubarray(names, { minLength: Math.min(min, names.length), maxLength: min }))
      .chain(([base, lift]) =>
        lift.length === 0
          ? fc.constant(base)
          : fc
              .tuple(...lift.map((n) => shape[n]!))
              .map((vals) => ({ ...base, ...Object.fromEntries(lift.map((n, i) => [n, vals[i]])) })),
      )
      .filter((o) => Object.keys(o).length >= min && Object.keys(o).length <= max);
  }

  function stringFor(schema: Schema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 200;
    const pattern: string | undefined = schema.pattern;
    const re = pattern ? new RegExp(pattern, "u") : undefined;
    const fits = (s: string) => stringFits({ ...schema, maxLength: max }, s);
    switch (schema.format) {
      case "date":
        return calendarDate(near).filter(fits);
      case "date-time":
        return fc
          .date({ min: new Date(EARLIEST), max: new Date(LATEST), noInvalidDate: true })
          .map((d) => d.toISOString())
          .filter(fits);
      case "email":
        return emailFor(re, max).filter(fits);
      case "uuid":
        return fc.uuid().filter(fits);
      case "uri":
      case "uri-reference":
        return fc.webUrl().filter(fits);
      case undefined:
        break;
      default:
        throw new Error(`string format ${schema.format} not understood`);
    }
    // The free-text patterns (refused characters, and "not blank"): text a person types.
    if (pattern?.startsWith("^(?=") || pattern?.startsWith("^[^\\u0000")) {
      const multiline = pattern.includes("\\u0000-\\u0008\\u000B");
      return personText(pattern.startsWith("^(?=") ? Math.max(min, 1) : min, max, multiline).filter(fits);
    }
    if (re) return fc.stringMatching(re).filter(fits);
    return fc.string({ minLength: min, maxLength: Math.min(max, 40) });
  }

  return { arbitraryFor };
}
