import { PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Referral } from "../../shared/schemas/referrals.js";
import { referralItem } from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import { personReferralItem } from "../../shared/store/referrals-store.js";
import type { LocalApi } from "../support/local-api.js";

export const NOW = "2026-11-23T10:00:00Z";
export const TODAY = "2026-11-23";
export const cru = { role: "cru" } as const;
export const admin = { role: "admin" } as const;
export const managerOf = (premisesId: string) => ({ role: "ap-manager", premises: [premisesId] }) as const;

let seq = 0;

/**
 * Referrals are written straight to the table with the shared item builders: the referral
 * routes belong to another feature, and these tests are about what happens after submission.
 * As the submission route does, the person and the person's copy of the referral are written
 * too, so the table holds every invariant the checker knows.
 */
export async function putReferral(api: LocalApi, overrides: Partial<Referral> = {}): Promise<Referral> {
  seq++;
  const referralId = overrides.referralId ?? `ref-${Date.now().toString(36)}-${seq}`;
  const referral: Referral = {
    referralId,
    status: "submitted",
    person: {
      crn: `X${String(100000 + ((Date.now() + seq * 7919) % 899999)).slice(0, 6)}`,
      name: `Person ${seq}`,
      dateOfBirth: "1990-01-01",
      gender: "male",
    },
    riskOfSeriousHarm: "medium",
    releaseType: "licence",
    earlyRelease: false,
    expectedArrivalDate: "2026-12-01",
    expectedDepartureDate: "2027-02-23",
    area: "london",
    preferredPremisesIds: [],
    requiredCharacteristics: [],
    homelessIfNotPlaced: true,
    noticeType: "standard",
    noticeDays: 8,
    submittedAt: NOW,
    submittedBy: "cru-user",
    version: 1,
    updatedAt: NOW,
    ...overrides,
  };
  await api.ddb.send(
    new TransactWriteCommand({
      TransactItems: [referralItem(referral), personReferralItem(referral)].map((Item) => ({
        Put: { TableName: api.tableName, Item },
      })),
    }),
  );
  // The person, unless an earlier referral (or an allocation) already wrote them.
  await api.ddb
    .send(
      new PutCommand({
        TableName: api.tableName,
        Item: {
          ...keys.person(referral.person.crn),
          type: "person",
          crn: referral.person.crn,
          version: 1,
          createdAt: NOW,
          updatedAt: NOW,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    )
    .catch((err: { name?: string }) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
  return referral;
}

export async function createPremises(
  api: LocalApi,
  premisesId: string,
  opts: {
    beds?: number;
    bufferDays?: number;
    gender?: string;
    area?: string;
    characteristics?: string[];
    bedCharacteristics?: string[];
  } = {},
) {
  const res = await api.call("POST", "/premises", {
    as: admin,
    body: {
      premisesId,
      name: `AP ${premisesId}`,
      area: opts.area ?? "london",
      gender: opts.gender ?? "male",
      bufferDays: opts.bufferDays ?? 2,
      characteristics: opts.characteristics ?? [],
      beds: Array.from({ length: opts.beds ?? 2 }, (_, i) => ({
        bedId: `b${i + 1}`,
        room: String(i + 1),
        characteristics: opts.bedCharacteristics ?? [],
      })),
    },
  });
  if (res.status !== 201) throw new Error(`premises ${premisesId}: ${res.status} ${res.text}`);
}

export async function itemsIn(api: LocalApi, pk: string, skPrefix = "") {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: skPrefix ? "PK = :pk AND begins_with(SK, :sk)" : "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk, ...(skPrefix ? { ":sk": skPrefix } : {}) },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

export const footprintsOf = (api: LocalApi, premisesId: string) =>
  itemsIn(api, `PREMISES#${premisesId}`, "FOOTPRINT#");

export async function allocate(
  api: LocalApi,
  referralId: string,
  body: Record<string, unknown>,
  as: { role: string; premises?: readonly string[] } = cru,
) {
  return api.call("POST", `/referrals/${referralId}/allocation`, { as, body });
}
