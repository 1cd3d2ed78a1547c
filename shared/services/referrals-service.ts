import { ulid } from "ulid";
import { actorOf, assertPremisesScope, canActOnPremises, hasRole, type Principal } from "../domain/actor.js";
import { now as clockNow, nowIso, today } from "../domain/clock.js";
import { addDays, londonDateOf } from "../domain/dates.js";
import { badRequest, conflict, forbidden, notFound, preconditionFailed } from "../domain/errors.js";
import { computeNotice, isEarlyRelease } from "../domain/notice.js";
import { placementDeadline } from "../domain/placement-deadline.js";
import {
  defaultDeparture,
  type KnownPremises,
  overlappingOpenReferrals,
  referralProblems,
} from "../domain/referral-rules.js";
import type { CreateReferral, ListReferralsQuery, Referral } from "../schemas/referrals.js";
import { requestHash } from "../store/idempotency-store.js";
import { HIGH } from "../store/keys.js";
import { listReferralsByReview } from "../store/pre-arrival-store.js";
import { getPremisesSummary } from "../store/premises-store.js";
import * as store from "../store/referrals-store.js";
import { withOptimisticRetry } from "../store/transact.js";
import { withdrawAllocatedReferral } from "./booking-release.js";
import { referralWithReadiness } from "./pre-arrival-service.js";

const CREATE_OPERATION = "POST /referrals";

async function knownPremises(ids: readonly string[]): Promise<Map<string, KnownPremises | undefined>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((premisesId) => getPremisesSummary(premisesId)));
  return new Map(
    unique.map((premisesId, i) => [premisesId, found[i] ? { gender: found[i].gender } : undefined]),
  );
}

function newReferral(body: CreateReferral, principal: Principal, submitted: Date): Referral {
  const at = submitted.toISOString();
  const notice = computeNotice(submitted, body.expectedArrivalDate);
  return {
    referralId: ulid(),
    status: "submitted",
    person: body.person,
    riskOfSeriousHarm: body.riskOfSeriousHarm,
    mappaLevel: body.mappaLevel,
    releaseType: body.releaseType,
    earlyRelease: isEarlyRelease(body.releaseType),
    expectedArrivalDate: body.expectedArrivalDate,
    expectedDepartureDate: body.expectedDepartureDate ?? defaultDeparture(body.expectedArrivalDate),
    licenceEndDate: body.licenceEndDate,
    hdcEndDate: body.hdcEndDate,
    area: body.area,
    preferredPremisesIds: body.preferredPremisesIds ?? [],
    requiredCharacteristics: body.requiredCharacteristics ?? [],
    homelessIfNotPlaced: body.homelessIfNotPlaced,
    notes: body.notes,
    ...notice,
    submittedAt: at,
    placementDeadline: placementDeadline(submitted, notice.noticeType).toISOString(),
    submittedBy: actorOf(principal),
    version: 1,
    updatedAt: at,
  };
}

/** A manager's merged list costs one Query per premises; beyond this it must name one. */
const MAX_MANAGED_PREMISES = 10;

/** Only cru and admin see every referral; an ap-manager sees those placed at its premises. */
const seesAllReferrals = (p: Principal) => hasRole(p, "cru", "admin");

/**
 * The premises a list is confined to: none for a national (cru/admin) view, the one asked
 * for, or every premises an ap-manager runs when it names none.
 */
function listScope(principal: Principal, query: ListReferralsQuery): { premisesIds?: string[] } {
  if (query.premisesId !== undefined) {
    assertPremisesScope(principal, query.premisesId);
    return { premisesIds: [query.premisesId] };
  }
  if (seesAllReferrals(principal)) return {};
  if (principal.premises.length > MAX_MANAGED_PREMISES) {
    throw badRequest(`Name one premises with premisesId; you manage ${principal.premises.length}`, [
      {
        name: "premisesId",
        reason: `is required when you manage more than ${MAX_MANAGED_PREMISES} premises`,
      },
    ]);
  }
  return { premisesIds: [...new Set(principal.premises)] };
}

/** Sort-key range `{status}#{from} … {status}#{to}~` on the status-first indexes. */
const statusArrivalRange = (status: string, from?: string, to?: string) => ({
  low: `${status}#${from ?? ""}`,
  high: `${status}#${to ?? ""}${HIGH}`,
});

export async function submitReferral(
  body: CreateReferral,
  principal: Principal,
  idempotencyKey?: string,
): Promise<{ referral: Referral; status: number; replayed: boolean }> {
  const submitted = clockNow();
  const problems = referralProblems(
    body,
    londonDateOf(submitted),
    await knownPremises(body.preferredPremisesIds ?? []),
  );
  if (problems.length > 0) {
    throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);
  }
  const referral = newReferral(body, principal, submitted);
  const stay = { arrivalDate: referral.expectedArrivalDate, departureDate: referral.expectedDepartureDate };
  const result = await store.submitReferral(referral, {
    actor: actorOf(principal),
    now: submitted,
    idempotency: idempotencyKey
      ? { sub: principal.sub, key: idempotencyKey, hash: requestHash(CREATE_OPERATION, body) }
      : undefined,
    refuseOverlap: (stays) => {
      const clashes = overlappingOpenReferrals(stays, stay);
      if (clashes.length === 0) return;
      throw conflict(
        `${body.person.crn} already has an open referral for nights that overlap ${stay.arrivalDate} to ${addDays(stay.departureDate, -1)}`,
        clashes.map((c) => ({
          kind: "referral",
          referralId: c.referralId,
          startDate: c.arrivalDate,
          endDate: addDays(c.departureDate, -1),
          detail: `${c.status}, arriving ${c.arrivalDate}, departing ${c.departureDate}`,
        })),
        "overlapping-referral",
      );
    },
  });
  return { referral: result.body as Referral, status: result.status, replayed: Boolean(result.replayed) };
}

/**
 * The referral list; a placed referral carries its booking's pre-arrival readiness (from the
 * summary on its placement: no booking read). `review` is the CRU's placement-review views.
 */
export async function listReferrals(query: ListReferralsQuery, principal: Principal) {
  // Before either view: the review views read the same window (a reversed one was a 500 there).
  if (query.arrivalFrom && query.arrivalTo && query.arrivalTo < query.arrivalFrom) {
    throw badRequest("arrivalTo is before arrivalFrom", [
      { name: "arrivalTo", reason: "must be on or after arrivalFrom" },
    ]);
  }
  const page = query.review
    ? await listByReview(query, principal)
    : await listReferralsPage(query, principal);
  const on = today();
  return { ...page, items: page.items.map((r) => referralWithReadiness(r, on)) };
}

/** Concerns awaiting the CRU's answer, or placements unreviewed with arrival within 2 days. */
async function listByReview(query: ListReferralsQuery, principal: Principal) {
  if (!seesAllReferrals(principal)) throw forbidden("The placement review views are the CRU's");
  const unreviewed = query.review === "unreviewed-soon";
  return listReferralsByReview({
    state: unreviewed ? "unreviewed" : "concern",
    arrivalFrom: unreviewed ? today() : query.arrivalFrom,
    arrivalTo: unreviewed ? addDays(today(), UNREVIEWED_SOON_DAYS) : query.arrivalTo,
    cursor: query.cursor,
    limit: query.limit,
  });
}

/** "Unreviewed within 2 days of arrival": the CRU chases the AP before the person turns up. */
export const UNREVIEWED_SOON_DAYS = 2;

async function listReferralsPage(query: ListReferralsQuery, principal: Principal) {
  const { premisesIds } = listScope(principal, query);
  if (premisesIds?.length === 0) return { items: [] };

  if (query.sort === "newest") {
    const page = await store.listNewest({
      currentMonth: nowIso().slice(0, 7),
      filters: {
        status: query.status,
        area: query.area,
        noticeType: query.noticeType,
        premisesIds,
        arrivalFrom: query.arrivalFrom,
        arrivalTo: query.arrivalTo,
      },
      limit: query.limit,
      cursor: query.cursor,
    });
    return page;
  }

  if (premisesIds !== undefined) {
    // Placed referrals: the arrival window is on the placed arrival date.
    const range = statusArrivalRange(query.status ?? "allocated", query.arrivalFrom, query.arrivalTo);
    const filters = { area: query.area, noticeType: query.noticeType };
    const page =
      premisesIds.length === 1
        ? await store.listByArrival({
            index: "GSI3",
            partition: `REFERRALS#PREMISES#${premisesIds[0]}`,
            ...range,
            filters,
            limit: query.limit,
            cursor: query.cursor,
          })
        : await store.listPlacedAcross({
            premisesIds,
            ...range,
            filters,
            limit: query.limit,
            cursor: query.cursor,
          });
    return page;
  }

  const status = query.status ?? "submitted";
  if (query.area !== undefined) {
    const page = await store.listByArrival({
      index: "GSI1",
      partition: `REFERRALS#AREA#${query.area}`,
      ...statusArrivalRange(status, query.arrivalFrom, query.arrivalTo),
      filters: { noticeType: query.noticeType },
      limit: query.limit,
      cursor: query.cursor,
    });
    return page;
  }
  const page = await store.listByArrival({
    index: "GSI2",
    partition: `REFERRALS#STATUS#${status}`,
    low: query.arrivalFrom ?? "0000-00-00",
    high: `${query.arrivalTo ?? "9999-12-31"}${HIGH}`,
    filters: { noticeType: query.noticeType },
    limit: query.limit,
    cursor: query.cursor,
  });
  return page;
}

export async function getReferral(referralId: string, principal: Principal) {
  const found = await store.getReferralWithHistory(referralId);
  if (!found) throw notFound("Referral", referralId);
  if (!seesAllReferrals(principal)) {
    const placedAt = found.referral.placement?.premisesId;
    // Not "forbidden": a manager must not learn that a referral elsewhere exists.
    if (placedAt === undefined || !canActOnPremises(principal, placedAt))
      throw notFound("Referral", referralId);
  }
  return { ...referralWithReadiness(found.referral), history: found.history };
}

export async function withdrawReferral(
  referralId: string,
  body: Parameters<typeof store.withdrawSubmitted>[1],
  principal: Principal,
  ifMatch?: number,
): Promise<Referral> {
  return withOptimisticRetry(async () => {
    const current = await store.getReferral(referralId);
    if (!current) throw notFound("Referral", referralId);
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw preconditionFailed(
        `Referral ${current.referralId} is at version ${current.version}, not ${ifMatch}`,
      );
    }
    if (current.status === "allocated") return withdrawAllocatedReferral(current, body, actorOf(principal));
    if (current.status === "submitted")
      return store.withdrawSubmitted(current, body, actorOf(principal), nowIso());
    throw conflict(
      `Referral ${current.referralId} is ${current.status}; only a submitted or allocated referral can be withdrawn`,
      [
        {
          kind: "invalid-transition",
          referralId: current.referralId,
          detail: `status is ${current.status}`,
        },
      ],
      "invalid-transition",
    );
  });
}
