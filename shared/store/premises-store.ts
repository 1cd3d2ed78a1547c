import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { conflict, notFound, preconditionFailed } from "../domain/errors.js";
import type {
  Bed,
  CreatePremises,
  OutOfService,
  PatchPremises,
  Premises,
  PremisesWithBeds,
} from "../schemas/premises.js";
import { auditPut } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { HIGH, keys } from "./keys.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import { queryAll } from "./query.js";
import {
  failedCondition,
  RetryableConflict,
  type TransactItem,
  transact,
  withOptimisticRetry,
} from "./transact.js";

type Item = Record<string, unknown>;

export function toPremises(item: Item): Premises {
  const {
    premisesId,
    name,
    area,
    gender,
    bufferDays,
    characteristics,
    email,
    bedCount,
    riskLimits,
    version,
    createdAt,
    updatedAt,
  } = item as unknown as Premises;
  return {
    premisesId,
    name,
    area,
    gender,
    bufferDays,
    characteristics,
    ...(email ? { email } : {}),
    bedCount,
    ...(riskLimits && Object.keys(riskLimits).length > 0 ? { riskLimits } : {}),
    version,
    createdAt,
    updatedAt,
  };
}

export function toBed(item: Item): Bed & { calendarVersion: number } {
  const { bedId, room, characteristics, calendarVersion, archivedFrom, archive } = item as unknown as Bed & {
    calendarVersion: number;
  };
  return {
    bedId,
    room,
    characteristics,
    calendarVersion,
    ...(archivedFrom ? { archivedFrom } : {}),
    ...(archive ? { archive } : {}),
  };
}

export interface FootprintItem {
  PK: string;
  SK: string;
  type: "footprint";
  kind: "stay" | "out-of-service" | "hold";
  premisesId: string;
  bedId: string;
  /** First night held. */
  startDate: string;
  /** Last night held, buffer included: the sort key's date. */
  lastNight: string;
  /** Stays: departure date (first night not occupied). */
  departureDate?: string;
  bookingId?: string;
  outOfServiceId?: string;
  crn?: string;
  [extra: string]: unknown;
}

const bedItem = (premisesId: string, bed: Bed, at: string) => ({
  ...keys.bed(premisesId, bed.bedId),
  type: "bed",
  premisesId,
  ...bed,
  calendarVersion: 1,
  createdAt: at,
});

export async function createPremises(input: CreatePremises, actor: string): Promise<PremisesWithBeds> {
  const at = nowIso();
  const { beds, ...rest } = input;
  const premises: Premises = { ...rest, bedCount: beds.length, version: 1, createdAt: at, updatedAt: at };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.premises(input.premisesId),
          ...keys.premisesList(input.area, input.premisesId),
          type: "premises",
          ...premises,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    ...beds.map(
      (bed): TransactItem => ({
        Put: {
          TableName: tableName(),
          Item: bedItem(input.premisesId, bed, at),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      }),
    ),
    auditPut(keys.premises(input.premisesId).PK, {
      actor,
      action: "premises.created",
      entityType: "premises",
      entityId: input.premisesId,
      after: input,
    }),
  ];
  try {
    await transact(items);
  } catch (err) {
    if (failedCondition(err, 0))
      throw conflict(`Premises ${input.premisesId} already exists`, undefined, "premises-exists");
    throw err;
  }
  return { ...premises, beds };
}

/** The premises and its beds in one strongly consistent query; beds keep their calendar version. */
export async function loadPremises(
  premisesId: string,
): Promise<{ premises: Premises; beds: (Bed & { calendarVersion: number })[] } | undefined> {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :hash)",
    ExpressionAttributeValues: { ":pk": keys.premises(premisesId).PK, ":hash": "#" },
    ConsistentRead: true,
  });
  const head = items.find((i) => i.SK === "#PREMISES");
  if (!head) return undefined;
  const beds = items
    .filter((i) => i.type === "bed")
    .map(toBed)
    .sort((a, b) => a.bedId.localeCompare(b.bedId, "en", { numeric: true }));
  return { premises: toPremises(head), beds };
}

export async function getPremisesSummary(premisesId: string): Promise<Premises | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.premises(premisesId) }));
  return out.Item ? toPremises(out.Item) : undefined;
}

/** One page of premises (by area) from the premises list index, up to `limit` (≤ 200). */
export async function listPremises(opts: { area?: string; cursor?: string; limit?: number }) {
  const limit = opts.limit ?? 100;
  const start = decodeCursor(opts.cursor, { GSI1PK: "PREMISES" }, ["PK", "SK", "GSI1PK", "GSI1SK"]);
  const items: Premises[] = [];
  let next: Record<string, unknown> | undefined = start;
  // A page may come back short of `limit` (1 MB pages); keep reading until full or done.
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "GSI1",
        KeyConditionExpression: opts.area ? "GSI1PK = :pk AND begins_with(GSI1SK, :area)" : "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "PREMISES", ...(opts.area ? { ":area": `${opts.area}#` } : {}) },
        ExclusiveStartKey: next,
        Limit: limit - items.length,
      }),
    );
    items.push(...(page.Items ?? []).map(toPremises));
    next = page.LastEvaluatedKey;
  } while (next && items.length < limit);
  return { items, nextCursor: encodeCursor(next) };
}

export async function patchPremises(
  premisesId: string,
  change: PatchPremises,
  actor: string,
  ifMatch?: number,
): Promise<Premises> {
  return withOptimisticRetry(async () => {
    const current = await getPremisesSummary(premisesId);
    if (!current) throw notFound("Premises", premisesId);
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw preconditionFailed(`Premises ${premisesId} is at version ${current.version}, not ${ifMatch}`);
    }
    const at = nowIso();
    const next: Premises = { ...current, ...change, version: current.version + 1, updatedAt: at };
    try {
      await transact([
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.premises(premisesId),
              ...keys.premisesList(next.area, premisesId),
              type: "premises",
              ...next,
            },
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": current.version },
          },
        },
        auditPut(keys.premises(premisesId).PK, {
          actor,
          action: "premises.changed",
          entityType: "premises",
          entityId: premisesId,
          before: current,
          after: next,
        }),
      ]);
    } catch (err) {
      if (failedCondition(err, 0)) {
        if (ifMatch !== undefined) throw preconditionFailed(`Premises ${premisesId} changed meanwhile`);
        throw new RetryableConflict();
      }
      throw err;
    }
    return next;
  });
}

export async function addBed(premisesId: string, bed: Bed, actor: string): Promise<Bed> {
  const at = nowIso();
  try {
    await transact([
      {
        Update: {
          TableName: tableName(),
          Key: keys.premises(premisesId),
          UpdateExpression: "SET bedCount = bedCount + :one, version = version + :one, updatedAt = :at",
          ConditionExpression: "attribute_exists(PK)",
          ExpressionAttributeValues: { ":one": 1, ":at": at },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: bedItem(premisesId, bed, at),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      auditPut(keys.premises(premisesId).PK, {
        actor,
        action: "bed.added",
        entityType: "bed",
        entityId: `${premisesId}/${bed.bedId}`,
        after: bed,
      }),
    ]);
  } catch (err) {
    if (failedCondition(err, 0)) throw notFound("Premises", premisesId);
    if (failedCondition(err, 1))
      throw conflict(`Bed ${bed.bedId} already exists in ${premisesId}`, undefined, "bed-exists");
    throw err;
  }
  return bed;
}

/**
 * Footprints whose last night is on or after `from` and whose first night is on or
 * before `to`. Strongly consistent: the allocation check depends on it. Past stays sort
 * before `from` and are never read.
 */
export async function queryFootprints(
  premisesId: string,
  from: string,
  to: string,
): Promise<FootprintItem[]> {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.premises(premisesId).PK,
      ":from": `FOOTPRINT#${from}`,
      ":to": `FOOTPRINT#${HIGH}`,
    },
    ConsistentRead: true,
  });
  return (items as FootprintItem[]).filter((fp) => fp.startDate <= to);
}

/** Every premises of one CRU area (the bed search's candidates when no premises is preferred). */
export async function listPremisesInArea(area: string): Promise<Premises[]> {
  const items = await queryAll({
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :area)",
    ExpressionAttributeValues: { ":pk": "PREMISES", ":area": `${area}#` },
  });
  return items.map(toPremises);
}

/** A period as its footprint has it (a footprint is only ever an active period's). */
export function toOutOfService(fp: FootprintItem): OutOfService {
  const { outOfServiceId, premisesId, bedId, startDate, lastNight, reason, notes, createdAt, createdBy } =
    fp as FootprintItem & {
      reason: OutOfService["reason"];
      notes?: string;
      createdAt: string;
      createdBy: string;
    };
  return {
    outOfServiceId: outOfServiceId!,
    premisesId,
    bedId,
    startDate,
    endDate: lastNight,
    reason,
    notes,
    status: "active",
    // Periods written before they had records carry no version: their first change makes version 2.
    version: typeof fp.version === "number" ? fp.version : 1,
    createdAt,
    createdBy,
    ...(typeof fp.updatedAt === "string" ? { updatedAt: fp.updatedAt } : {}),
  };
}

export function bedVersionCondition(
  premisesId: string,
  bedId: string,
  calendarVersion: number,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.bed(premisesId, bedId),
      UpdateExpression: "SET calendarVersion = :next",
      ConditionExpression: "calendarVersion = :v",
      ExpressionAttributeValues: { ":v": calendarVersion, ":next": calendarVersion + 1 },
    },
  };
}

export async function getBed(premisesId: string, bedId: string) {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.bed(premisesId, bedId), ConsistentRead: true }),
  );
  return out.Item ? toBed(out.Item) : undefined;
}

export async function createOutOfService(
  input: {
    premisesId: string;
    bedId: string;
    startDate: string;
    endDate: string;
    reason: OutOfService["reason"];
    notes?: string;
  },
  actor: string,
  overlaps: (footprints: FootprintItem[]) => void,
): Promise<OutOfService> {
  return withOptimisticRetry(async () => {
    const bed = await getBed(input.premisesId, input.bedId);
    if (!bed) throw notFound("Bed", `${input.premisesId}/${input.bedId}`);
    const onBed = (await queryFootprints(input.premisesId, input.startDate, input.endDate)).filter(
      (f) => f.bedId === input.bedId,
    );
    overlaps(onBed);
    const at = nowIso();
    const outOfServiceId = ulid();
    const record: OutOfService = {
      outOfServiceId,
      premisesId: input.premisesId,
      bedId: input.bedId,
      startDate: input.startDate,
      endDate: input.endDate,
      reason: input.reason,
      notes: input.notes,
      status: "active",
      version: 1,
      createdAt: at,
      createdBy: actor,
    };
    try {
      await transact([
        bedVersionCondition(input.premisesId, input.bedId, bed.calendarVersion),
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.outOfServiceFootprint(input.premisesId, input.endDate, input.bedId, outOfServiceId),
              type: "footprint",
              kind: "out-of-service",
              lastNight: input.endDate,
              ...record,
            },
          },
        },
        // The period's own record, where its revisions are kept (out-of-service-store.ts).
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.outOfService(outOfServiceId), type: "out-of-service", ...record },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        auditPut(keys.outOfService(outOfServiceId).PK, {
          actor,
          action: "out-of-service.created",
          entityType: "out-of-service",
          entityId: outOfServiceId,
          after: record,
        }),
      ]);
    } catch (err) {
      if (failedCondition(err, 0)) throw new RetryableConflict();
      throw err;
    }
    return record;
  });
}
