import type { Footprint } from "../domain/footprint.js";
import type { Bed, OutOfService } from "../schemas/premises.js";
import { type BedCalendar, calendarWrites } from "./allocation-store.js";
import { type AuditEvent, auditPut, toAuditEvent } from "./audit.js";
import { tableName } from "./client.js";
import { keys } from "./keys.js";
import { bedVersionCondition, queryFootprints, toOutOfService } from "./premises-store.js";
import { queryAll } from "./query.js";
import { failedCondition, RetryableConflict, type TransactItem, transact } from "./transact.js";

/**
 * Out-of-service periods. Each has its own record (`OUT-OF-SERVICE#{id}` / `#OUT-OF-SERVICE`,
 * with a `version`) and its revisions, the audit events of that partition, so a period and
 * its history are one Query. Its nights live in the premises partition as a footprint, like
 * stays', and every change is one transaction with the bed's calendar version: a change
 * cannot race an allocation, a stay change or another period on the same bed.
 */

type Item = Record<string, unknown>;

export interface StoredOutOfService {
  record: OutOfService;
  revisions: AuditEvent[];
  /** False for a period created before periods had records: its footprint is all there is. */
  stored: boolean;
}

const RECORD_FIELDS = [
  "outOfServiceId",
  "premisesId",
  "bedId",
  "startDate",
  "endDate",
  "reason",
  "notes",
  "status",
  "version",
  "createdAt",
  "createdBy",
  "updatedAt",
  "cancellation",
] as const;

export function toOutOfServiceRecord(item: Item): OutOfService {
  const out: Item = {};
  for (const f of RECORD_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as OutOfService;
}

/** The period's record and its revisions (oldest first), strongly consistent. */
export async function loadOutOfService(outOfServiceId: string): Promise<StoredOutOfService | undefined> {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.outOfService(outOfServiceId).PK },
    ConsistentRead: true,
  });
  const head = items.find((i) => i.SK === keys.outOfService(outOfServiceId).SK);
  if (!head) return undefined;
  const revisions = items
    .filter((i) => typeof i.SK === "string" && i.SK.startsWith("AUDIT#"))
    .map(toAuditEvent);
  return { record: toOutOfServiceRecord(head), revisions, stored: true };
}

/**
 * A period created before periods had records, found by its footprint among those whose last
 * night is on or after `from` (only those can still change); bounded by the future, not history.
 */
export async function findOutOfServiceFootprint(
  premisesId: string,
  outOfServiceId: string,
  from: string,
): Promise<OutOfService | undefined> {
  const items = await queryFootprints(premisesId, from, "9999-12-31");
  const fp = items.find((f) => f.kind === "out-of-service" && f.outOfServiceId === outOfServiceId);
  return fp ? toOutOfService(fp) : undefined;
}

/** The record's Put: new (no record yet) or replacing exactly the version that was read. */
export function outOfServiceRecordPut(record: OutOfService, readVersion: number | "none"): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.outOfService(record.outOfServiceId), type: "out-of-service", ...record },
      ...(readVersion === "none"
        ? { ConditionExpression: "attribute_not_exists(PK)" }
        : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": readVersion } }),
    },
  };
}

/** The period changed (or was cancelled) while this request was deciding. */
export class OutOfServiceVersionLost extends Error {
  constructor() {
    super("out-of-service period changed meanwhile");
    this.name = "OutOfServiceVersionLost";
  }
}

/** The footprint's own copy of the record's fields (the list and occupancy read footprints only). */
const footprintCopy = (r: OutOfService) => {
  const { cancellation: _c, ...copy } = r;
  return copy;
};

/**
 * Commits a change: the bed's calendar version, the record (against the version read), the
 * footprints (`after`, from the domain's layout: the period's nights and any buffer that grows
 * back) and the revision, in one transaction. A lost bed race is RetryableConflict; a lost
 * record race is OutOfServiceVersionLost.
 */
export async function commitOutOfServiceChange(input: {
  calendar: BedCalendar;
  before: StoredOutOfService;
  after: OutOfService;
  footprints: readonly Footprint[];
  actor: string;
  action: "out-of-service.changed" | "out-of-service.cancelled";
}): Promise<void> {
  const { calendar, before, after } = input;
  const writes = calendarWrites(calendar, input.footprints, {
    outOfServiceId: after.outOfServiceId,
    details: footprintCopy(after),
  });
  try {
    await transact([
      bedVersionCondition(calendar.premisesId, calendar.bedId, calendar.calendarVersion),
      outOfServiceRecordPut(after, before.stored ? before.record.version : "none"),
      ...writes.items,
      auditPut(keys.outOfService(after.outOfServiceId).PK, {
        actor: input.actor,
        action: input.action,
        entityType: "out-of-service",
        entityId: after.outOfServiceId,
        before: before.record,
        after,
      }),
    ]);
  } catch (err) {
    if (failedCondition(err, 0)) throw new RetryableConflict();
    if (failedCondition(err, 1)) throw new OutOfServiceVersionLost();
    throw err;
  }
}

export type ArchiveChange = { archivedFrom: string; archive: NonNullable<Bed["archive"]> } | undefined;

/**
 * Sets (or, with `undefined`, removes) a bed's archive date, bumping its calendar version under
 * the version read: an allocation that read the bed before it fails its own condition and reads
 * the archive on retry. The audit event goes with it.
 */
export async function writeBedArchive(
  premisesId: string,
  bedId: string,
  calendarVersion: number,
  change: ArchiveChange,
  before: Bed,
  actor: string,
): Promise<Bed> {
  const after: Bed = { ...before };
  delete after.archivedFrom;
  delete after.archive;
  if (change) Object.assign(after, change);
  try {
    await transact([
      {
        Update: {
          TableName: tableName(),
          Key: keys.bed(premisesId, bedId),
          // ARCHIVE is a DynamoDB reserved word.
          UpdateExpression: change
            ? "SET calendarVersion = :next, archivedFrom = :from, #archive = :archive"
            : "SET calendarVersion = :next REMOVE archivedFrom, #archive",
          ConditionExpression: "calendarVersion = :v",
          ExpressionAttributeNames: { "#archive": "archive" },
          ExpressionAttributeValues: {
            ":v": calendarVersion,
            ":next": calendarVersion + 1,
            ...(change ? { ":from": change.archivedFrom, ":archive": change.archive } : {}),
          },
        },
      },
      auditPut(keys.premises(premisesId).PK, {
        actor,
        action: change ? "bed.archived" : "bed.unarchived",
        entityType: "bed",
        entityId: `${premisesId}/${bedId}`,
        before,
        after,
      }),
    ]);
  } catch (err) {
    if (failedCondition(err, 0)) throw new RetryableConflict();
    throw err;
  }
  return after;
}
