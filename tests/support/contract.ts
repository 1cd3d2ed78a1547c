import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Checks responses against the served OpenAPI document the way a client generated from it
 * would: the status must be declared for the operation, the content type must be the
 * declared one, the body must validate against the declared schema (JSON Schema 2020-12,
 * formats on), the headers the document marks required must be there, and every 405 must
 * carry Allow.
 */

export interface RecordedResponse {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Where it came from, for the failure message (test file, test name). */
  origin?: string;
}

export interface ContractFinding {
  operation: string;
  status: number;
  problem: string;
  origin?: string;
  body?: string;
}

type Doc = any;

interface CompiledPath {
  template: string;
  regex: RegExp;
}

/** Headers a client acts on: the document must say on which responses they come. */
const DOCUMENTED_HEADERS = [
  "etag",
  "location",
  "retry-after",
  "www-authenticate",
  "content-disposition",
  "allow",
];

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

const mediaTypeOf = (contentType: string | undefined) =>
  (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** The problem `type` URIs the document lists (enum or examples on Problem.type). */
export function documentedProblemTypes(doc: Doc): Set<string> {
  const type = doc.components?.schemas?.Problem?.properties?.type ?? {};
  return new Set<string>([...(type.enum ?? []), ...(type.examples ?? [])]);
}

export function createContractChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, "openapi.json");
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (ptr: string) => {
    let v = validators.get(ptr);
    if (!v) {
      v = ajv.compile({ $ref: `openapi.json#/${ptr}` });
      validators.set(ptr, v);
    }
    return v;
  };

  const paths: CompiledPath[] = Object.keys(doc.paths ?? {}).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}$`),
  }));
  const problemTypes = documentedProblemTypes(doc);
  const resolve = (ref: string): Doc =>
    ref
      .slice(2)
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((node: Doc, key) => node?.[key], doc);

  /** The document's path template for a concrete path, if any. */
  const templateOf = (path: string) => paths.find((p) => p.regex.test(path))?.template;

  function check(r: RecordedResponse): ContractFinding[] {
    const findings: ContractFinding[] = [];
    // The local runtime's sign-in form is no part of the API (AWS has no such route).
    if (r.path.startsWith("/local/")) return findings;
    const method = r.method.toLowerCase();
    const template = templateOf(r.path);
    const opName = `${r.method.toUpperCase()} ${template ?? r.path}`;
    const add = (problem: string) =>
      findings.push({
        operation: opName,
        status: r.status,
        problem,
        origin: r.origin,
        body: JSON.stringify(r.body)?.slice(0, 400),
      });

    if (r.status === 405) {
      const allow = r.headers.allow;
      if (!allow) add("405 without an Allow header");
      else if (template) {
        const declared = Object.keys(doc.paths[template])
          .filter((m) => m !== "parameters")
          .map((m) => m.toUpperCase())
          .sort();
        const sent = allow
          .split(",")
          .map((m) => m.trim().toUpperCase())
          .filter((m) => m !== "HEAD" && m !== "OPTIONS")
          .sort();
        if (sent.join(",") !== declared.join(",")) add(`Allow is "${allow}", the document has ${declared}`);
      }
    }
    const op = template ? doc.paths[template][method] : undefined;
    if (!op) {
      // No such operation: the answer is the gateway's 404 or 405. It still has to be a problem.
      if (r.status !== 404 && r.status !== 405) add("status for an operation the document does not have");
      if (r.status >= 400) checkProblemBody(r, "components/schemas/Problem", add);
      return findings;
    }
    let responsePtr = pointer("paths", template!, method, "responses", String(r.status));
    let declared = op.responses?.[String(r.status)];
    if (!declared) {
      add(`status ${r.status} is not declared (declared: ${Object.keys(op.responses ?? {}).join(", ")})`);
      return findings;
    }
    if (typeof declared.$ref === "string") {
      responsePtr = declared.$ref.slice(2);
      declared = resolve(declared.$ref);
    }
    const declaredHeaders = new Map<string, Doc>(
      Object.entries<Doc>(declared.headers ?? {}).map(([name, h]) => [
        name.toLowerCase(),
        typeof h.$ref === "string" ? resolve(h.$ref) : h,
      ]),
    );
    for (const [name, header] of declaredHeaders) {
      if (header.required && r.headers[name] === undefined) add(`required header ${name} missing`);
    }
    for (const name of DOCUMENTED_HEADERS) {
      if (r.headers[name] !== undefined && !declaredHeaders.has(name))
        add(`header ${name} sent but not declared`);
    }
    const content = declared.content as Record<string, Doc> | undefined;
    const sentType = mediaTypeOf(r.headers["content-type"]);
    if (!content) {
      if (r.body !== undefined && r.body !== "") add("body sent where the document declares none");
      return findings;
    }
    const key = Object.keys(content).find((k) => mediaTypeOf(k) === sentType);
    if (!key) {
      add(
        `content-type ${sentType || "(none)"} is not declared (declared: ${Object.keys(content).join(", ")})`,
      );
      return findings;
    }
    if (!/json/.test(sentType)) return findings;
    const schemaPtr = `${responsePtr}/${pointer("content", key, "schema")}`;
    if (sentType === "application/problem+json") checkProblemBody(r, schemaPtr, add);
    else validate(r.body, schemaPtr, add);
    return findings;
  }

  function validate(body: unknown, ptr: string, add: (p: string) => void) {
    const v = validatorFor(ptr);
    if (!v(body)) {
      add(
        `body does not match ${ptr}: ${(v.errors ?? [])
          .slice(0, 5)
          .map(
            (e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
          )
          .join("; ")}`,
      );
    }
  }

  function checkProblemBody(r: RecordedResponse, ptr: string, add: (p: string) => void) {
    validate(r.body, ptr, add);
    const type = (r.body as { type?: unknown } | undefined)?.type;
    if (typeof type === "string" && !problemTypes.has(type)) add(`problem type ${type} is not listed`);
  }

  return { check, templateOf };
}

export function formatFindings(findings: ContractFinding[]): string {
  const byKey = new Map<string, ContractFinding & { count: number }>();
  for (const f of findings) {
    const key = `${f.operation} ${f.status} ${f.problem}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { ...f, count: 1 });
  }
  return [...byKey.values()]
    .map(
      (f) =>
        `- ${f.operation} → ${f.status}: ${f.problem}${f.count > 1 ? ` (×${f.count})` : ""}${f.origin ? `\n    in: ${f.origin}` : ""}${f.body ? `\n    body: ${f.body}` : ""}`,
    )
    .join("\n");
}
