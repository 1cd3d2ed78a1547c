import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { createLocalServer, type LocalServerOptions } from "../../infra/local/http-adapter.js";
import { createVerifier, mintToken, type TokenRequest } from "../../infra/local/local-auth.js";
import { createTable } from "../../infra/local/tables.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { resetClient } from "../../shared/store/client.js";
import { createContractChecker, formatFindings, type RecordedResponse } from "./contract.js";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface LocalApi {
  url: string;
  tableName: string;
  /** A raw document client on this file's table, for assertions on stored items. */
  ddb: DynamoDBDocumentClient;
  token(role: TokenRequest["role"], opts?: Omit<TokenRequest, "role">): Promise<string>;
  call<T = any>(
    method: string,
    path: string,
    opts?: {
      token?: string;
      as?: TokenRequest;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<ApiResponse<T>>;
}

/**
 * A fresh table on the run's DynamoDB Local and the real handlers behind the local
 * API Gateway adapter, for one test file.
 */
export function useLocalApi(
  opts: {
    handlers?: LocalServerOptions["handlers"];
    /**
     * Every response `call` receives is checked against the served OpenAPI document when the
     * file ends (status declared, content type, body schema, required headers, Allow on 405).
     * Only a file that injects faults the contract does not promise turns this off.
     */
    contract?: boolean;
  } = {},
): LocalApi {
  const tableName = `t-${randomUUID().slice(0, 8)}`;
  let server: Server | undefined;
  const recorded: RecordedResponse[] = [];
  const api: LocalApi = {
    url: "",
    tableName,
    ddb: undefined as unknown as DynamoDBDocumentClient,
    token: (role, o = {}) => mintToken({ role, ...o }, inject("keyFile")),
    call: async (method, path, o = {}) => {
      const token = o.token ?? (o.as ? await api.token(o.as.role, o.as) : undefined);
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await fetch(`${api.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (CSV, HTML): keep the text
      }
      if (opts.contract !== false) {
        const state = expect.getState();
        recorded.push({
          method,
          path: path.split("?")[0]!,
          status: res.status,
          headers: Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]),
          body: parsed,
          origin: `${state.testPath?.split("/tests/")[1] ?? ""} › ${state.currentTestName ?? "(hook)"}`,
        });
      }
      return { status: res.status, headers: res.headers, body: parsed as any, text };
    },
  };

  beforeAll(async () => {
    const endpoint = inject("dynamoEndpoint");
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.TABLE_NAME = tableName;
    process.env.AWS_REGION = "eu-west-2";
    process.env.AP_LOCAL_KEY_FILE = inject("keyFile");
    resetClient();
    const client = new DynamoDBClient({
      endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await createTable(client, JSON.parse(inject("tableDefinition")), tableName);
    api.ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    server = createLocalServer({
      routes: ROUTES,
      verify: await createVerifier(inject("keyFile")),
      handlers: opts.handlers,
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
    api.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    if (opts.contract !== false && server && recorded.length > 0) {
      const doc = await (await fetch(`${api.url}/openapi.json`)).json();
      const { check } = createContractChecker(doc);
      const findings = recorded.flatMap(check);
      if (findings.length > 0) {
        server.closeAllConnections();
        server.close();
        throw new Error(
          `${findings.length} of ${recorded.length} responses do not match the served OpenAPI document:\n${formatFindings(findings)}`,
        );
      }
    }
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  return api;
}
