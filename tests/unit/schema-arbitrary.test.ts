import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../../shared/api/openapi.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { schemaArbitraries } from "../support/schema-arbitrary.js";

// The schema fuzz (tests/integration/schema-fuzz.test.ts) is only as good as its generator:
// every value it makes must be one the document allows, for every schema the document has
// (request bodies, parameters, and the response schemas too, so a construct added to the
// document later is understood or fails here, not in the middle of the fuzz).
const doc = buildOpenApi(ROUTES, { title: "AP bed manager", version: "test" }) as any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(doc, "openapi.json");
const { arbitraryFor } = schemaArbitraries(doc, {
  hints: { premisesId: ["ashford-house", "not an id!"] },
});

const sample = (ptr: string, schema: unknown, name?: string) => {
  const valid = ajv.compile({ $ref: `openapi.json#/${ptr}` });
  fc.assert(
    fc.property(arbitraryFor(schema as never, name), (v) => {
      if (!valid(v)) throw new Error(`${ptr}: ${ajv.errorsText(valid.errors)} in ${JSON.stringify(v)}`);
    }),
    { numRuns: 40, seed: 14 },
  );
};
const esc = (p: string) => p.replace(/~/g, "~0").replace(/\//g, "~1");

describe("the JSON Schema → fast-check generator makes only values the document allows", () => {
  it("for every component schema", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) sample(`components/schemas/${esc(name)}`, doc.components.schemas[name]);
  });

  it("for every parameter, with hints kept only where the schema allows them", () => {
    let count = 0;
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(ops))
        (op.parameters ?? []).forEach((p: { name: string; schema: unknown }, i: number) => {
          sample(`paths/${esc(path)}/${method}/parameters/${i}/schema`, p.schema, p.name);
          count++;
        });
    expect(count).toBeGreaterThan(50);
  });

  it("refuses a keyword it does not understand rather than ignore it", () => {
    expect(() => arbitraryFor({ type: "string", contentEncoding: "base64" })).toThrow(/contentEncoding/);
    expect(() => arbitraryFor({ allOf: [{ type: "string" }] })).toThrow(/allOf/);
  });
});
