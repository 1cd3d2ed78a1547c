import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../infra/local/dynamodb-local.js";
import { loadOrCreateKey } from "../../infra/local/local-auth.js";
import { tableDefinitionsFromTemplate } from "../../infra/local/tables.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableDefinition: string;
    keyFile: string;
  }
}

/** One DynamoDB Local per run; each test file gets its own table made from the synthesized template. */
export default async function setup(project: TestProject) {
  const keyFile = join(mkdtempSync(join(tmpdir(), "ap-test-")), "jwt-key.json");
  await loadOrCreateKey(keyFile);
  const [engine, definitions] = await Promise.all([
    startDynamoDbLocal(),
    Promise.resolve(tableDefinitionsFromTemplate()),
  ]);
  project.provide("dynamoEndpoint", engine.endpoint);
  project.provide("tableDefinition", JSON.stringify(definitions[0]));
  project.provide("keyFile", keyFile);
  return async () => {
    await engine.stop();
  };
}
