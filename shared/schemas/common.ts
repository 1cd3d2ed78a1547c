import * as z from "zod";
import "./error-map.js";
import { EARLIEST_DATE, isCalendarDate, LATEST_DATE } from "../domain/dates.js";
import {
  AREAS,
  GENDERS,
  keysOf,
  PREMISES_CHARACTERISTICS,
  ROOM_CHARACTERISTICS,
} from "../domain/vocabulary.js";

export { EARLIEST_DATE, LATEST_DATE };

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Each check stops the chain so a client gets the one reason that applies. The document's
 * pattern carries the shape and the year range; `format: date` the real-calendar rule.
 */
export const calendarDate = z
  .string()
  .regex(DATE_SHAPE, { message: "must be a date YYYY-MM-DD", abort: true })
  .refine((v) => v >= EARLIEST_DATE && v <= LATEST_DATE, {
    message: `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`,
    abort: true,
  })
  .refine(isCalendarDate, "is not a real calendar date")
  .meta({
    format: "date",
    pattern: "^(19\\d{2}|2[01]\\d{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$",
  });

/** An instant: ISO 8601 UTC, as the service writes it (toISOString). */
export const instant = z.string().meta({ format: "date-time" });

export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "may contain only letters, digits, '-' and '_'");

// ---------- free text: one set of rules for every string a person types ----------

/**
 * Refused in every stored string: C0 and C1 control characters (NUL, escape, the bytes a
 * Latin-1 body decodes to) and the bidirectional override and isolate characters, which
 * can make a name or reason display as something other than what is stored (U+202A–U+202E,
 * U+2066–U+2069). Notes may hold tab and line breaks; one-line fields may not.
 */
const CONTROLS = "\\u0000-\\u001F\\u007F-\\u009F";
const CONTROLS_BUT_TAB_AND_NEWLINE = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";
const BIDI_CONTROLS = "\\u202A-\\u202E\\u2066-\\u2069";
/** U+FFFD stands in for bytes that were not UTF-8; storing it keeps the damage. */
const REPLACEMENT = "\\uFFFD";

const isBidiControl = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
const isControl = (c: number, multiline: boolean) =>
  (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) && !(multiline && (c === 0x09 || c === 0x0a || c === 0x0d));
const isLoneSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a string may not be stored, or undefined when it may. */
export function refusedCharacter(value: string, multiline: boolean): string | undefined {
  let at = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (isControl(c, multiline)) {
      return multiline
        ? `must not contain control characters (${hex(c)} at character ${at + 1})`
        : `must be one line of text without control characters (${hex(c)} at character ${at + 1})`;
    }
    if (c === 0xfffd)
      return `must not contain U+FFFD, which stands for bytes that were not UTF-8 (at character ${at + 1})`;
    if (isBidiControl(c))
      return `must not contain bidirectional override or isolate characters (${hex(c)} at character ${at + 1})`;
    // for…of yields a paired surrogate as one code point, so only a broken one lands here.
    if (isLoneSurrogate(c)) return `must not contain an unpaired UTF-16 surrogate (at character ${at + 1})`;
    at++;
  }
  return undefined;
}

export interface TextOptions {
  /** Characters after trimming; default 1 (blank is refused). */
  min?: number;
  max: number;
}

/**
 * The builder behind every free-text field. Characters are checked on what was sent;
 * length on the trimmed value, so three spaces are blank. The document says the same: a
 * pattern that refuses the characters and (when blank is refused) requires a non-space.
 */
function textOf(multiline: boolean, { min = 1, max }: TextOptions) {
  const refused = `${multiline ? CONTROLS_BUT_TAB_AND_NEWLINE : CONTROLS}${BIDI_CONTROLS}${REPLACEMENT}`;
  const pattern = min > 0 ? `^(?=[\\s\\S]*\\S)[^${refused}]*$` : `^[^${refused}]*$`;
  let schema = z
    .string()
    .check(
      z.superRefine((value, ctx) => {
        const reason = refusedCharacter(value, multiline);
        if (reason) ctx.addIssue({ code: "custom", message: reason, input: value, abort: true });
      }),
    )
    .trim();
  if (min > 0)
    schema = schema.min(min, min === 1 ? "must not be blank" : `must have at least ${min} characters`);
  return schema.max(max, `must have at most ${max} characters`).meta({ pattern });
}

/** One line a person types: a name, a room, an address line, a reason. */
export const text = (max: number, opts: { min?: number } = {}) => textOf(false, { ...opts, max });
/** A person's name, one line. */
export const name = (max = 200) => text(max);
/** Notes and other multi-line text: tab and line breaks allowed; empty allowed unless `min` says. */
export const notes = (max: number, opts: { min?: number } = {}) => textOf(true, { min: 0, ...opts, max });

/** A reason or other free text of 1–1000 characters (api-contract.md). */
export const freeText = text(1000);

// ---------- lists and request shapes ----------

const isUnique = (xs: readonly unknown[]) => new Set(xs).size === xs.length;

/** An array that must not repeat an item, said in the document as `uniqueItems`. */
export const uniqueList = <T extends z.ZodType>(item: T, max: number, noun = "an item") =>
  z.array(item).max(max).refine(isUnique, `must not repeat ${noun}`).meta({ uniqueItems: true });

/** PATCH bodies: at least one field, said in the document as `minProperties: 1`. */
export const atLeastOneField = <T extends z.ZodObject>(schema: T) =>
  schema
    .refine((b) => Object.values(b).some((v) => v !== undefined), "name at least one field to change")
    .meta({ minProperties: 1 });

/**
 * `If-Match` carries the version a client read: the number, or the ETag as sent (`"3"`).
 * Weak tags (`W/"3"`) are refused with 400: RFC 9110 compares If-Match strongly, so a weak
 * tag could never match; the client has a bug worth hearing about, not a stale copy.
 */
export const ifMatchHeader = z
  .string()
  .refine((v) => !/^\s*W\//.test(v), {
    message: "is a weak entity tag; If-Match needs the strong one, the version or its quoted form",
    abort: true,
  })
  .regex(/^(?:\d{1,12}|"\d{1,12}")$/, 'must be the version number, e.g. 3 or "3" as in the ETag')
  .describe("The resource's version as read (its `version`, or the `ETag` value); 412 when it is stale");

/** The version an `If-Match` value names; the value must have passed `ifMatchHeader`. */
export const versionOfIfMatch = (value: string) => Number(value.replace(/"/g, ""));

/** `Idempotency-Key`: visible ASCII, at most 128 characters. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, "must be 1-128 visible ASCII characters")
  .describe(
    "Retry safely: within 24 h, the same caller sending the same key to the same route with the same body " +
      "gets the first response again with `Idempotent-Replayed: true` and changes nothing; a different body is 422",
  );

export const area = z.enum(keysOf(AREAS));
export const roomCharacteristic = z.enum(keysOf(ROOM_CHARACTERISTICS));
export const premisesCharacteristic = z.enum(keysOf(PREMISES_CHARACTERISTICS));
export const anyCharacteristic = z.union([roomCharacteristic, premisesCharacteristic]);
export const gender = z.enum(keysOf(GENDERS));

/**
 * Opaque: clients pass back a `nextCursor` unchanged. The stores check what one decodes to
 * against the list it is used with, so any other value is a 400, never a read elsewhere.
 */
export const cursor = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, "is not a cursor this API issued")
  .describe(
    "Opaque: the `nextCursor` of the previous page, unchanged. A cursor the API did not issue is a 400.",
  )
  .optional();
export const limit = z.coerce.number().int().min(1).max(200).optional();

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .optional()
      .describe("Opaque; pass as `cursor` for the next page. Absent on the last page."),
  });

export const auditEventSchema = z.object({
  at: instant,
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
