import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type Item = Record<string, unknown>;

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 10,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * 25-item BatchWrites, `width` in flight, retrying UnprocessedItems with backoff. Items
 * arrive as a stream of arrays so ×10 history never has to sit in memory at once.
 */
export async function batchWrite(
  doc: DynamoDBDocumentClient,
  table: string,
  source: Iterable<Item[]>,
  width = 8,
): Promise<number> {
  const iterator = source[Symbol.iterator]();
  let buffer: Item[] = [];
  let done = false;
  let written = 0;
  const nextChunk = (): Item[] | undefined => {
    while (buffer.length < 25 && !done) {
      const next = iterator.next();
      if (next.done) done = true;
      else buffer.push(...next.value);
    }
    if (buffer.length === 0) return undefined;
    const chunk = buffer.slice(0, 25);
    buffer = buffer.slice(25);
    return chunk;
  };
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let chunk = nextChunk(); chunk; chunk = nextChunk()) {
        let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
        written += chunk.length;
      }
    }),
  );
  return written;
}
