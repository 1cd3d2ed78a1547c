import { HOLDS_INDEX_PK } from "./allocation-store.js";
import { auditPut } from "./audit.js";
import { tableName } from "./client.js";
import { queryAll } from "./query.js";
import { isLostRace, transact } from "./transact.js";

export interface ExpiredHold {
  PK: string;
  SK: string;
  premisesId: string;
  bedId: string;
  holdId: string;
  forReferralId: string;
  holdUntil: string;
  startDate: string;
  lastNight: string;
}

/**
 * Holds whose expiry has passed: one key-conditioned Query on the sparse GSI2 `HOLDS`
 * partition (`GSI2SK < asOf`), so the nightly job reads only holds, never the table.
 */
export async function expiredHolds(asOfIso: string): Promise<ExpiredHold[]> {
  const items = await queryAll({
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK < :asOf",
    ExpressionAttributeValues: { ":pk": HOLDS_INDEX_PK, ":asOf": asOfIso },
  });
  return items as unknown as ExpiredHold[];
}

/**
 * Ends one expired hold: deletes its footprint only if it is still there and still expired
 * (a write on the bed may already have dropped it), with the premises' audit event.
 * Answers whether this call ended it.
 */
export async function endExpiredHold(hold: ExpiredHold, asOfIso: string): Promise<boolean> {
  try {
    await transact([
      {
        Delete: {
          TableName: tableName(),
          Key: { PK: hold.PK, SK: hold.SK },
          ConditionExpression: "attribute_exists(PK) AND holdUntil < :asOf",
          ExpressionAttributeValues: { ":asOf": asOfIso },
        },
      },
      auditPut(hold.PK, {
        actor: "nightly-job",
        action: "hold.expired",
        entityType: "premises",
        entityId: hold.premisesId,
        before: {
          holdId: hold.holdId,
          bedId: hold.bedId,
          forReferralId: hold.forReferralId,
          startDate: hold.startDate,
          endDate: hold.lastNight,
          holdUntil: hold.holdUntil,
        },
      }),
    ]);
    return true;
  } catch (err) {
    if (isLostRace(err)) return false;
    throw err;
  }
}
