import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { recordCapacity } from "./capacity.js";

let documentClient: DynamoDBDocumentClient | undefined;

/** Created on first use so tests and the local runtime can point it at DynamoDB Local first. */
export function ddb(): DynamoDBDocumentClient {
  if (documentClient) return documentClient;
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? "eu-west-2",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (process.env.AP_MEASURE_CAPACITY === "1") input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      if (process.env.AP_MEASURE_CAPACITY === "1") recordCapacity(result.output as never);
      return result;
    },
    { step: "initialize", name: "apCapacityMeter" },
  );
  documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

/** For tests that swap in aws-sdk-client-mock or a fresh endpoint. */
export function resetClient(): void {
  documentClient = undefined;
}

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}
