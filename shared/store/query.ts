import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "./client.js";

export type Item = Record<string, unknown>;

/**
 * Every page of one key-conditioned query. Only for partitions bounded by design (one
 * premises' beds, one person, one stay, a date window): lists shown to users page with a
 * cursor instead.
 */
export async function queryAll(
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
