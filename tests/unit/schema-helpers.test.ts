import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { zodIssuesToParams } from "../../shared/api/middleware.js";
import {
  calendarDate,
  cursor,
  freeText,
  ifMatchHeader,
  notes,
  text,
  versionOfIfMatch,
} from "../../shared/schemas/common.js";
import { createPremisesBody, mailboxEmail, patchPremisesBody } from "../../shared/schemas/premises.js";
import { createReferralBody } from "../../shared/schemas/referrals.js";

type Json = Record<string, unknown>;
const jsonOf = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;
const reasons = (s: z.ZodType, v: unknown) => {
  const r = s.safeParse(v);
  return r.success ? [] : zodIssuesToParams(r.error, "").map((p) => `${p.name} ${p.reason}`.trim());
};

describe("free text refuses control and bidi characters, once for every field", () => {
  const refusedEverywhere = [
    "\ufffd",
    "\u0000",
    "\u0013",
    "\u001b",
    "\u007f",
    "\u008a",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
  ];

  it.each(refusedEverywhere)("refuses %j in one-line text and in notes", (ch) => {
    expect(text(100).safeParse(`Ren${ch}e`).success).toBe(false);
    expect(notes(100).safeParse(`Ren${ch}e`).success).toBe(false);
  });

  it("allows tab and line breaks in notes only", () => {
    for (const ch of ["\t", "\n", "\r\n"]) {
      expect(notes(100).safeParse(`one${ch}two`).success).toBe(true);
      expect(text(100).safeParse(`one${ch}two`).success).toBe(false);
    }
  });

  it("names the field and the character", () => {
    expect(
      reasons(createPremisesBody, { premisesId: "p", name: "A\u202eB", area: "london", gender: "male" }),
    ).toEqual(["name must not contain bidirectional override or isolate characters (U+202E at character 2)"]);
    const fuzzed = "\u00c6\u008a\u00e5\u2026\u0013";
    expect(reasons(z.strictObject({ reason: freeText }), { reason: fuzzed })).toEqual([
      "reason must be one line of text without control characters (U+008A at character 2)",
    ]);
  });

  it("keeps letters from any script, emoji and apostrophes", () => {
    for (const ok of ["Renée O'Brien", "Zoë Łukasz-Nowak", "محمد", "🏠 flat 2"]) {
      expect(text(100).safeParse(ok).success).toBe(true);
    }
  });

  it("refuses an unpaired surrogate", () => {
    expect(text(100).safeParse("a\ud800b").success).toBe(false);
  });

  it("checks length after the trim: three spaces are blank, and the document says so", () => {
    expect(reasons(z.strictObject({ reason: freeText }), { reason: "   " })).toEqual([
      "reason must not be blank",
    ]);
    expect(freeText.parse("  late train  ")).toBe("late train");
    const json = jsonOf(freeText);
    expect(json).toMatchObject({ type: "string", minLength: 1, maxLength: 1000 });
    const pattern = new RegExp(json.pattern as string, "u");
    expect(pattern.test("   ")).toBe(false);
    expect(pattern.test(" a ")).toBe(true);
  });

  it("the document's pattern and the server agree on every string (property)", () => {
    const chars = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.string({
        unit: fc.constantFrom("a", " ", "\t", "\n", "\u0000", "\u0085", "\u202e", "\u2067", "é"),
        maxLength: 8,
      }),
    );
    for (const schema of [text(50), notes(50), notes(50, { min: 1 })]) {
      const pattern = new RegExp(jsonOf(schema).pattern as string, "u");
      fc.assert(
        fc.property(chars, (s) => pattern.test(s) === schema.safeParse(s).success),
        { numRuns: 500 },
      );
    }
  });
});

describe("the schemas say what the server enforces", () => {
  it("dates run from 1900 to 2200 and say so", () => {
    expect(reasons(z.strictObject({ from: calendarDate }), { from: "1899-12-31" })).toEqual([
      "from must be between 1900-01-01 and 2200-12-31",
    ]);
    expect(reasons(z.strictObject({ from: calendarDate }), { from: "2201-01-01" })).toEqual([
      "from must be between 1900-01-01 and 2200-12-31",
    ]);
    expect(reasons(z.strictObject({ from: calendarDate }), { from: "2026-02-30" })).toEqual([
      "from is not a real calendar date",
    ]);
    expect(reasons(z.strictObject({ from: calendarDate }), { from: "1/2/2026" })).toEqual([
      "from must be a date YYYY-MM-DD",
    ]);
    const pattern = new RegExp(jsonOf(calendarDate).pattern as string);
    for (const ok of ["1900-01-01", "2026-12-01", "2200-12-31"]) expect(pattern.test(ok)).toBe(true);
    for (const bad of ["1899-12-31", "2201-01-01", "2026-13-01", "2026-00-10"])
      expect(pattern.test(bad)).toBe(false);
  });

  it("If-Match is the version or its quoted strong form; weak tags are refused", () => {
    expect(versionOfIfMatch(ifMatchHeader.parse("3"))).toBe(3);
    expect(versionOfIfMatch(ifMatchHeader.parse('"3"'))).toBe(3);
    expect(reasons(ifMatchHeader, 'W/"3"')).toEqual([
      "body is a weak entity tag; If-Match needs the strong one, the version or its quoted form",
    ]);
    for (const bad of ["abc", '"3', "*", "3.5", ""]) expect(ifMatchHeader.safeParse(bad).success).toBe(false);
    expect(jsonOf(ifMatchHeader)).toMatchObject({ type: "string", pattern: '^(?:\\d{1,12}|"\\d{1,12}")$' });
  });

  it("characteristics are uniqueItems, and a repeat is refused", () => {
    type Defs = { $defs: Record<string, { properties: Record<string, Json> }> };
    const premises = jsonOf(createPremisesBody) as Defs;
    expect(premises.$defs.NewPremises?.properties.characteristics).toMatchObject({ uniqueItems: true });
    expect(premises.$defs.NewBed?.properties.characteristics).toMatchObject({ uniqueItems: true });
    const referral = jsonOf(createReferralBody) as Defs;
    expect(referral.$defs.NewReferral?.properties.requiredCharacteristics).toMatchObject({
      uniqueItems: true,
    });
    expect(
      reasons(createPremisesBody, {
        premisesId: "p",
        name: "P",
        area: "london",
        gender: "male",
        characteristics: ["lift", "lift"],
      }),
    ).toEqual(["characteristics must not repeat a characteristic"]);
  });

  it("a PATCH needs at least one field: minProperties 1", () => {
    const json = z.toJSONSchema(patchPremisesBody, { io: "input" }) as { $defs: Record<string, Json> };
    expect(json.$defs.PremisesChange).toMatchObject({ minProperties: 1 });
    expect(patchPremisesBody.safeParse({}).success).toBe(false);
    expect(patchPremisesBody.safeParse({ bufferDays: 3 }).success).toBe(true);
  });

  it("cursor is opaque: only the base64url the API issues", () => {
    expect(cursor.safeParse("eyJQSyI6IngifQ").success).toBe(true);
    for (const bad of ["a b", "{}", "a=b", ""]) expect(cursor.safeParse(bad).success).toBe(false);
    expect(jsonOf(cursor.unwrap()).description).toMatch(/[Oo]paque/);
  });
});

describe("one error map: wrong types are not 'required'", () => {
  it('bufferDays: "3" says what was expected and what came', () => {
    const body = { premisesId: "p", name: "P", area: "london", gender: "male", bufferDays: "3" };
    expect(reasons(createPremisesBody, body)).toEqual(["bufferDays expected an integer, got a string"]);
  });

  it("a missing field is required; other types are named", () => {
    expect(reasons(createPremisesBody, { premisesId: "p", area: "london", gender: "male" })).toEqual([
      "name is required",
    ]);
    const body = { premisesId: "p", name: 7, area: "london", gender: "male", bufferDays: 1.5, beds: {} };
    expect(reasons(createPremisesBody, body)).toEqual([
      "name expected a string, got a number",
      "bufferDays expected an integer, got a fraction",
      "beds expected an array, got an object",
    ]);
    expect(reasons(z.strictObject({ gender: z.enum(["male", "female"]) }), { gender: "x" })).toEqual([
      'gender must be one of "male", "female"',
    ]);
    expect(
      reasons(z.strictObject({ mappaLevel: z.union([z.literal(1), z.literal(2)]) }), { mappaLevel: 5 }),
    ).toEqual(["mappaLevel must be one of 1, 2"]);
  });
});

describe("a mailbox is what the document's pattern and format: email both allow (schema fuzz finding)", () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  const documented = ajv.compile(jsonOf(mailboxEmail));

  it("refuses a domain label that ends in '-' or is over 63 characters, as the format does", () => {
    for (const email of ["team@ap-.justice.gov.uk", `team@${"a".repeat(64)}.gov.uk`]) {
      expect({ email, server: mailboxEmail.safeParse(email).success, document: documented(email) }).toEqual({
        email,
        server: false,
        document: false,
      });
    }
    for (const email of ["camberwell.ap@justice.gov.uk", "o'neill+ap@x-y.example.co.uk"])
      expect(mailboxEmail.safeParse(email).success && documented(email)).toBe(true);
  });

  it("the server accepts exactly what the document does (property)", () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    const email = fc
      .tuple(fc.stringMatching(/^[a-z0-9_'+.-]{1,10}$/), fc.array(label, { minLength: 1, maxLength: 3 }))
      .map(([local, labels]) => `${local}@${labels.join(".")}.uk`);
    fc.assert(
      fc.property(email, (e) => mailboxEmail.safeParse(e).success === documented(e)),
      { numRuns: 500 },
    );
  });
});
