import { actorOf, assertPremisesScope, type Principal } from "../domain/actor.js";
import {
  archiveConflicts,
  archiveDateProblem,
  bedWithOutOfService,
  cancellationProblem,
  changedOutOfServiceConflicts,
  changedPeriod,
  outOfServiceChangeProblems,
} from "../domain/bed-changes.js";
import { nowIso, today } from "../domain/clock.js";
import { maxDate, minDate } from "../domain/dates.js";
import { badRequest, conflict, notFound, preconditionFailed } from "../domain/errors.js";
import { liveFootprints } from "../domain/holds.js";
import type { Bed, OutOfService, OutOfServiceChange } from "../schemas/premises.js";
import { loadBedCalendar, toFootprint } from "../store/allocation-store.js";
import * as store from "../store/out-of-service-store.js";
import { getBed, queryFootprints } from "../store/premises-store.js";
import { RetryableConflict, withOptimisticRetry } from "../store/transact.js";

/**
 * Changing an out-of-service period (end early, new dates, a corrected reason), cancelling one,
 * and archiving a bed. The rules are the domain's (bed-changes.ts); each write is one
 * transaction under the bed's calendar version, so two changes on one bed cannot both pass
 * their overlap check against the same footprints.
 */

const periodName = (id: string) => `Out-of-service period ${id}`;

/** The period, if it belongs to this premises; another premises' period is as unknown as none. */
async function requirePeriod(premisesId: string, outOfServiceId: string): Promise<store.StoredOutOfService> {
  const stored = await store.loadOutOfService(outOfServiceId);
  if (stored) {
    if (stored.record.premisesId !== premisesId) throw notFound("Out-of-service period", outOfServiceId);
    return stored;
  }
  // Created before periods had records: only its footprint says it exists (and only one not yet over can change).
  const legacy = await store.findOutOfServiceFootprint(premisesId, outOfServiceId, today());
  if (!legacy) throw notFound("Out-of-service period", outOfServiceId);
  return { record: legacy, revisions: [], stored: false };
}

export async function getOutOfService(premisesId: string, outOfServiceId: string) {
  const { record, revisions } = await requirePeriod(premisesId, outOfServiceId);
  return { ...record, revisions };
}

function assertVersion(current: OutOfService, ifMatch: number | undefined) {
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw preconditionFailed(
      `${periodName(current.outOfServiceId)} is at version ${current.version}, not ${ifMatch}`,
    );
  }
}

function assertActive(current: OutOfService) {
  if (current.status === "cancelled") {
    throw conflict(
      `${periodName(current.outOfServiceId)} was cancelled; it holds no night and cannot change`,
      undefined,
      "out-of-service-cancelled",
    );
  }
}

/** The period as it stands, at the version the caller saw (If-Match) and not cancelled: what a change or cancellation starts from. */
async function changeablePeriod(premisesId: string, outOfServiceId: string, ifMatch: number | undefined) {
  const current = await requirePeriod(premisesId, outOfServiceId);
  assertVersion(current.record, ifMatch);
  assertActive(current.record);
  return current;
}

/** The bed's calendar over the nights a change touches, read under its version. */
async function bedCalendar(premisesId: string, bedId: string, from: string, to: string) {
  const calendar = await loadBedCalendar(premisesId, bedId, from, to);
  if (!calendar) throw notFound("Bed", `${premisesId}/${bedId}`);
  return calendar;
}

/** Runs one read-decide-commit attempt; a record that changed meanwhile is 412 with If-Match, else a retry. */
async function committing(ifMatch: number | undefined, id: string, commit: () => Promise<void>) {
  try {
    await commit();
  } catch (err) {
    if (err instanceof store.OutOfServiceVersionLost) {
      if (ifMatch !== undefined) throw preconditionFailed(`${periodName(id)} changed meanwhile`);
      throw new RetryableConflict();
    }
    throw err;
  }
}

export async function changeOutOfService(
  premisesId: string,
  outOfServiceId: string,
  change: OutOfServiceChange,
  principal: Principal,
  ifMatch?: number,
): Promise<OutOfService> {
  assertPremisesScope(principal, premisesId);
  return withOptimisticRetry(async () => {
    const current = await changeablePeriod(premisesId, outOfServiceId, ifMatch);
    const { record } = current;
    const next = changedPeriod(record, change);
    const problems = outOfServiceChangeProblems(record, next, today());
    if (problems.length > 0) {
      throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);
    }
    const calendar = await bedCalendar(
      premisesId,
      record.bedId,
      minDate(record.startDate, next.startDate),
      maxDate(record.endDate, next.endDate),
    );
    const clashes = changedOutOfServiceConflicts(calendar.footprints, outOfServiceId, record.bedId, next);
    if (clashes.length > 0) {
      throw conflict(
        `Bed ${record.bedId} is not free for every night from ${next.startDate} to ${next.endDate}`,
        clashes,
        "bed-not-free",
      );
    }
    const { notes: _old, ...rest } = record;
    const notes = change.notes === undefined ? record.notes : change.notes || undefined;
    const after: OutOfService = {
      ...rest,
      ...next,
      reason: change.reason ?? record.reason,
      ...(notes ? { notes } : {}),
      version: record.version + 1,
      updatedAt: nowIso(),
    };
    await committing(ifMatch, outOfServiceId, () =>
      store.commitOutOfServiceChange({
        calendar,
        before: current,
        after,
        footprints: bedWithOutOfService(calendar.footprints, outOfServiceId, record.bedId, next, calendar.to),
        actor: actorOf(principal),
        action: "out-of-service.changed",
      }),
    );
    return after;
  });
}

export async function cancelOutOfService(
  premisesId: string,
  outOfServiceId: string,
  reason: string,
  principal: Principal,
  ifMatch?: number,
): Promise<OutOfService> {
  assertPremisesScope(principal, premisesId);
  return withOptimisticRetry(async () => {
    const current = await changeablePeriod(premisesId, outOfServiceId, ifMatch);
    const { record } = current;
    const problem = cancellationProblem(record, today());
    if (problem)
      throw conflict(`${periodName(outOfServiceId)}: ${problem}`, undefined, "out-of-service-begun");
    const calendar = await bedCalendar(premisesId, record.bedId, record.startDate, record.endDate);
    const at = nowIso();
    const by = actorOf(principal);
    const after: OutOfService = {
      ...record,
      status: "cancelled",
      version: record.version + 1,
      updatedAt: at,
      cancellation: { reason, at, by },
    };
    await committing(ifMatch, outOfServiceId, () =>
      store.commitOutOfServiceChange({
        calendar,
        before: current,
        after,
        footprints: bedWithOutOfService(
          calendar.footprints,
          outOfServiceId,
          record.bedId,
          undefined,
          calendar.to,
        ),
        actor: by,
        action: "out-of-service.cancelled",
      }),
    );
    return after;
  });
}

async function requireBed(premisesId: string, bedId: string) {
  const bed = await getBed(premisesId, bedId);
  if (!bed) throw notFound("Bed", `${premisesId}/${bedId}`);
  return bed;
}

/** Far enough to read every footprint after an archive date: nothing is planned a decade ahead. */
const FOREVER = "9999-12-31";

/**
 * Archives a bed from a night: from then on no stay may occupy it (allocation, bed options, stay
 * changes and transfers read `archivedFrom`). Refused while a stay or held nights run on or past
 * that night; the manager chooses a later date or moves the stay first. Out-of-service periods are
 * no obstacle. A bed is never deleted: its stays and audit stay readable. Archiving again moves
 * the date, under the same checks.
 */
export async function archiveBed(
  premisesId: string,
  bedId: string,
  body: { archivedFrom: string; reason: string },
  principal: Principal,
): Promise<Bed> {
  assertPremisesScope(principal, premisesId);
  const dateProblem = archiveDateProblem(body.archivedFrom, today());
  if (dateProblem) throw badRequest(`${dateProblem.name} ${dateProblem.reason}`, [dateProblem]);
  return withOptimisticRetry(async () => {
    const bed = await requireBed(premisesId, bedId);
    // Read after the version, so a stay committed in between fails this write's condition.
    const items = (await queryFootprints(premisesId, body.archivedFrom, FOREVER)).filter(
      (f) => f.bedId === bedId,
    );
    const clashes = archiveConflicts(liveFootprints(items.map(toFootprint), nowIso()), body.archivedFrom);
    if (clashes.length > 0) {
      throw conflict(
        `Bed ${bedId} is in use on or after ${body.archivedFrom}: ${clashes.map((c) => c.detail).join("; ")}`,
        clashes,
        "bed-in-use",
      );
    }
    const { calendarVersion, ...before } = bed;
    const by = actorOf(principal);
    return store.writeBedArchive(
      premisesId,
      bedId,
      calendarVersion,
      { archivedFrom: body.archivedFrom, archive: { reason: body.reason, by, at: nowIso() } },
      before,
      by,
    );
  });
}

/** Takes the archive off: the bed takes stays again. A bed that is not archived is answered as it is. */
export async function unarchiveBed(premisesId: string, bedId: string, principal: Principal): Promise<Bed> {
  assertPremisesScope(principal, premisesId);
  return withOptimisticRetry(async () => {
    const bed = await requireBed(premisesId, bedId);
    const { calendarVersion, ...before } = bed;
    if (!before.archivedFrom) return before;
    return store.writeBedArchive(premisesId, bedId, calendarVersion, undefined, before, actorOf(principal));
  });
}
