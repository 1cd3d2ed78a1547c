import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { nowIso } from "../domain/clock.js";
import { auditPut } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { rethrowRace, transact, withOptimisticRetry } from "./transact.js";

/** A CRU area's shared mailbox: where its release and placement alerts and decisions go. */
export interface AreaMailbox {
  area: string;
  email: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

const key = (area: string) => ({ PK: `AREA#${area}`, SK: "#MAILBOX" });

const toMailbox = (item: Record<string, unknown>): AreaMailbox => {
  const { area, email, updatedAt, updatedBy, version } = item as unknown as AreaMailbox;
  return { area, email, updatedAt, updatedBy, version };
};

export async function getAreaMailbox(area: string): Promise<AreaMailbox | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: key(area) }));
  return out.Item ? toMailbox(out.Item) : undefined;
}

/** Sets (or replaces) an area's mailbox, with its audit event, in one transaction. */
export function putAreaMailbox(area: string, email: string, actor: string): Promise<AreaMailbox> {
  return withOptimisticRetry(() => writeAreaMailbox(area, email, actor));
}

async function writeAreaMailbox(area: string, email: string, actor: string): Promise<AreaMailbox> {
  const before = await getAreaMailbox(area);
  const mailbox: AreaMailbox = {
    area,
    email,
    updatedAt: nowIso(),
    updatedBy: actor,
    version: (before?.version ?? 0) + 1,
  };
  try {
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: { ...key(area), type: "mailbox", ...mailbox },
          ...(before
            ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": before.version } }
            : { ConditionExpression: "attribute_not_exists(PK)" }),
        },
      },
      auditPut(key(area).PK, {
        actor,
        action: before ? "mailbox.changed" : "mailbox.set",
        entityType: "mailbox",
        entityId: area,
        before,
        after: mailbox,
      }),
    ]);
  } catch (err) {
    rethrowRace(err);
  }
  return mailbox;
}
