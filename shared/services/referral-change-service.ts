import { actorOf, type Principal } from "../domain/actor.js";
import { nowIso, today } from "../domain/clock.js";
import { addDays, daysBetween } from "../domain/dates.js";
import { badRequest, conflict, notFound, preconditionFailed } from "../domain/errors.js";
import { computeNotice } from "../domain/notice.js";
import { type PreArrivalPlan, replan, summaryOf } from "../domain/pre-arrival.js";
import {
  OPEN_REFERRAL_STATUSES,
  overlappingOpenReferrals,
  referralProblems,
} from "../domain/referral-rules.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { stayDetailsUpdate } from "../store/allocation-store.js";
import { auditPut } from "../store/audit.js";
import { getBooking } from "../store/bookings-store.js";
import { tableName } from "../store/client.js";
import { ACTIVE_STAY_STATUSES, bookingItem, referralItem } from "../store/items.js";
import { keys } from "../store/keys.js";
import * as store from "../store/referrals-store.js";
import {
  failedCondition,
  RetryableConflict,
  rethrowRace,
  transact,
  withOptimisticRetry,
} from "../store/transact.js";

export interface ReferralChange {
  expectedArrivalDate?: string;
  riskOfSeriousHarm?: Referral["riskOfSeriousHarm"];
  mappaLevel?: 1 | 2 | 3;
  licenceEndDate?: string;
  hdcEndDate?: string;
  notes?: string;
}

/** The fields whose rules a change can break; other submission rules were met when it was made. */
const CHECKED = new Set(["expectedArrivalDate", "expectedDepartureDate", "licenceEndDate", "hdcEndDate"]);

/**
 * Release dates under ECSL and HDC move; so do risk and licence ends. The referral changes under
 * its version with its history (`referral.changed`, old and new values) and its person copy in
 * one transaction. A booked placement keeps its dates: the answer says whether it still fits the
 * new release, and the booking is moved with its own route (date-change), which re-fits the bed.
 */
export async function changeReferral(
  referralId: string,
  change: ReferralChange,
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  return withOptimisticRetry(async () => {
    const current = await store.getReferral(referralId);
    if (!current) throw notFound("Referral", referralId);
    if (ifMatch !== undefined && ifMatch !== current.version)
      throw preconditionFailed(`Referral ${referralId} is at version ${current.version}, not ${ifMatch}`);
    if (!OPEN_REFERRAL_STATUSES.has(current.status))
      throw conflict(
        `Referral ${referralId} is ${current.status}; only a submitted, allocated or arrived referral changes`,
        [{ kind: "invalid-transition", referralId, detail: `status is ${current.status}` }],
        "invalid-transition",
      );
    const moved =
      change.expectedArrivalDate !== undefined && change.expectedArrivalDate !== current.expectedArrivalDate;
    const at = nowIso();
    const next: Referral = {
      ...current,
      ...change,
      ...(moved
        ? {
            expectedDepartureDate: addDays(
              current.expectedDepartureDate,
              daysBetween(current.expectedArrivalDate, change.expectedArrivalDate!),
            ),
            ...(current.status === "submitted"
              ? computeNotice(new Date(current.submittedAt), change.expectedArrivalDate!)
              : {}),
          }
        : {}),
      version: current.version + 1,
      updatedAt: at,
    };
    const problems = referralProblems(next, today(), new Map()).filter(
      (p) =>
        CHECKED.has(p.name) &&
        (moved || (p.name !== "expectedArrivalDate" && p.name !== "expectedDepartureDate")),
    );
    if (problems.length > 0)
      throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);

    // A submitted referral's new dates must not share a night with the person's other open
    // referrals: checked under the person's lock, as a submission is.
    const person = moved && !next.placement ? await store.loadPerson(next.person.crn) : undefined;
    if (person) {
      const clash = overlappingOpenReferrals(
        person.stays.filter((p) => p.referralId !== referralId),
        store.staySpanOf(next),
      );
      if (clash.length > 0)
        throw conflict(
          `${next.person.crn} has another open referral for some of these nights`,
          clash.map((c) => ({ kind: "person-already-placed", referralId: c.referralId })),
          "person-already-placed",
        );
    }

    const fields = [
      "expectedArrivalDate",
      "expectedDepartureDate",
      "riskOfSeriousHarm",
      "mappaLevel",
      "licenceEndDate",
      "hdcEndDate",
      "notes",
      "noticeType",
      "noticeDays",
    ] as const;
    // The placed stay carries copies of the risk (booking, footprint) that the risk mix of every
    // later allocation, transfer and bed search counts: they change in this same write.
    const copy = await placedStayCopy(current, next, at);
    if (copy?.plan && next.placement)
      next.placement = { ...next.placement, preArrival: summaryOf(copy.plan) };
    const changed = fields.filter((f) => next[f] !== current[f]);
    const before = Object.fromEntries(changed.map((f) => [f, current[f] ?? null]));
    const after = Object.fromEntries(changed.map((f) => [f, next[f] ?? null]));
    try {
      await transact([
        {
          Put: {
            TableName: tableName(),
            Item: referralItem(next),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": current.version },
          },
        },
        { Put: { TableName: tableName(), Item: store.personReferralItem(next) } },
        ...(person ? [store.personVersionCondition(next.person.crn, person.version, at)] : []),
        auditPut(keys.referral(referralId).PK, {
          at,
          actor,
          action: "referral.changed",
          entityType: "referral",
          entityId: referralId,
          before,
          after,
        }),
        ...(copy
          ? [
              {
                Put: {
                  TableName: tableName(),
                  Item: bookingItem(copy.after),
                  ConditionExpression: "version = :v",
                  ExpressionAttributeValues: { ":v": copy.before.version },
                },
              },
              stayDetailsUpdate(copy.after),
              auditPut(keys.booking(copy.after.bookingId).PK, {
                at,
                actor,
                action: "referral.changed",
                entityType: "booking",
                entityId: copy.after.bookingId,
                before: riskOf(copy.before),
                after: riskOf(copy.after),
              }),
            ]
          : []),
      ]);
    } catch (err) {
      if (failedCondition(err, 0)) throw new RetryableConflict(`referral ${referralId} changed meanwhile`);
      // The booking moved or changed meanwhile (its version, or its footprint's key): read again.
      rethrowRace(err);
    }
    return { referral: next, ...(moved && next.placement ? { bookingFit: bookingFit(next) } : {}) };
  });
}

const riskOf = (b: Booking) => ({ riskOfSeriousHarm: b.riskOfSeriousHarm, mappaLevel: b.mappaLevel ?? null });

/**
 * The referral's booked or arrived stay with the new risk and MAPPA level, when either changed;
 * a booked stay's checklist gains the MAPPA meeting once a level is set (replan: nothing done
 * is undone). Undefined when nothing the stay copies changed, or no stay is current.
 */
async function placedStayCopy(current: Referral, next: Referral, at: string) {
  if (next.riskOfSeriousHarm === current.riskOfSeriousHarm && next.mappaLevel === current.mappaLevel)
    return undefined;
  if (!next.placement) return undefined;
  const before = await getBooking(next.placement.bookingId);
  if (!before || before.referralId !== next.referralId || !ACTIVE_STAY_STATUSES.has(before.status))
    return undefined;
  const plan =
    before.status === "booked" && before.preArrival
      ? replan(
          before.preArrival as PreArrivalPlan,
          {
            arrivalDate: before.preArrival.arrivalDate,
            noticeType: before.preArrival.noticeType,
            mappaLevel: next.mappaLevel,
            today: today(),
          },
          at,
        )
      : undefined;
  const after: Booking = {
    ...before,
    riskOfSeriousHarm: next.riskOfSeriousHarm,
    ...(next.mappaLevel !== undefined ? { mappaLevel: next.mappaLevel } : {}),
    ...(plan ? { preArrival: plan } : {}),
    version: before.version + 1,
    updatedAt: at,
  };
  return { before, after, plan };
}

/** Does the booked stay still start on the release day? Earlier is impossible, later leaves a gap. */
function bookingFit(r: Referral) {
  const placement = r.placement!;
  const release = r.expectedArrivalDate;
  if (placement.arrivalDate === release)
    return {
      bookingId: placement.bookingId,
      fits: true,
      detail: `the booking arrives on the release day ${release}`,
    };
  const detail =
    placement.arrivalDate < release
      ? `the booking arrives on ${placement.arrivalDate}, ${daysBetween(placement.arrivalDate, release)} days before the release on ${release}`
      : `the person is released on ${release}, ${daysBetween(release, placement.arrivalDate)} days before the booking's arrival on ${placement.arrivalDate}`;
  return {
    bookingId: placement.bookingId,
    fits: false,
    detail: `${detail}; change the booking's dates (POST /bookings/${placement.bookingId}/date-change)`,
  };
}
