import * as z from "zod";
import { hasRole } from "../../domain/actor.js";
import { today } from "../../domain/clock.js";
import { notFound } from "../../domain/errors.js";
import { calendarDate } from "../../schemas/common.js";
import {
  bedArchiveBody,
  type OutOfService,
  outOfServiceCancellationBody,
  outOfServiceChangeBody,
} from "../../schemas/premises.js";
import {
  archiveBed,
  cancelOutOfService,
  changeOutOfService,
  getOutOfService,
  unarchiveBed,
} from "../../services/out-of-service-service.js";
import { getPremises, listOutOfService } from "../../services/premises-service.js";
import {
  type FormErrors,
  formOrderErrors,
  NO_ERRORS,
  type Parsed,
  parseWith,
  problemOfError,
} from "../error-summary.js";
import { dateOfParts, fieldText, typedDateParts } from "../forms.js";
import type { Controller, PageRequest, PageResult } from "../page.js";
import { held, hold, type PendingAnswers, release, versionOf } from "../pending-answers.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { layoutModel } from "../view-models/layout.js";
import { outOfServicePath } from "../view-models/out-of-service.js";
import {
  ARCHIVE_FIELDS,
  type ArchiveValues,
  archiveCheckModel,
  archiveErrors,
  archiveFormModel,
  archivePath,
  EMPTY_ARCHIVE,
  offeredChanges,
  outOfServicePageModel,
  PERIOD_CHANGE_FIELDS,
  PERIOD_CHANGES,
  type PeriodChange,
  type PeriodChangeValues,
  periodChangeErrors,
  periodChangeFormModel,
  periodCheckModel,
  periodPageModel,
  periodPath,
  periodValues,
  unarchivePath,
} from "../view-models/out-of-service-changes.js";
import { premisesNav } from "../view-models/premises-nav.js";

/**
 * The AP manager's changes to out-of-service periods and beds: each a form, a "check your
 * answers" page, then the same service operation the API's PATCH, cancellation and archive
 * routes call. The version the form was opened at rides in the form and the pending answers,
 * and is sent as If-Match: a change someone made meanwhile is reported, never overwritten.
 */

type Params = { premisesId: string; outOfServiceId: string; bedId: string };

const isManagerOf = (req: PageRequest, premisesId: string) =>
  hasRole(req.principal, "ap-manager") && req.principal.premises.includes(premisesId);

const layout = (req: PageRequest, title: string, premisesName: string, errors?: FormErrors) =>
  layoutModel({
    session: req.session,
    principal: req.principal,
    title: [title, premisesName],
    hasErrors: (errors?.summary.length ?? 0) > 0,
  });

// ---------- the list and a period's own page ----------

export const outOfServicePage: Controller = async (req) => {
  const { premisesId } = req.params as Params;
  const [premises, periods] = await Promise.all([getPremises(premisesId), listOutOfService(premisesId)]);
  return {
    render: "pages/premises/out-of-service.njk",
    model: {
      ...layout(req, "Out of service beds", premises.name),
      ...outOfServicePageModel({
        premises,
        items: periods.items,
        today: today(),
        canChange: isManagerOf(req, premisesId),
      }),
      nav: premisesNav(premisesId, "out-of-service-beds"),
    },
  };
};

async function loadPeriod(req: PageRequest) {
  const { premisesId, outOfServiceId } = req.params as Params;
  const [premises, period] = await Promise.all([
    getPremises(premisesId),
    getOutOfService(premisesId, outOfServiceId),
  ]);
  return { premises, period };
}

export const periodPage: Controller = async (req) => {
  const { premises, period } = await loadPeriod(req);
  const model = periodPageModel({
    premises,
    period,
    today: today(),
    canChange: isManagerOf(req, premises.premisesId),
  });
  return {
    render: "pages/premises/out-of-service-period.njk",
    model: {
      ...layout(req, `Bed ${period.bedId} out of service`, premises.name),
      ...model,
      nav: premisesNav(premises.premisesId, "out-of-service-beds"),
    },
  };
};

// ---------- pending answers ----------

type Pending = PendingAnswers;

async function attempt(run: () => Promise<unknown>) {
  try {
    await run();
    return undefined;
  } catch (err) {
    const problem = problemOfError(err);
    if (problem) return problem;
    throw err;
  }
}

// ---------- end early, change dates, cancel ----------

/** The nights a form names: end early asks for the last night only; a date change for both. */
const endOnly = z.strictObject({ endDate: calendarDate });
const bothDates = z.strictObject({ startDate: calendarDate, endDate: calendarDate });

function candidateOf(change: PeriodChange, values: PeriodChangeValues): Parsed<Record<string, unknown>> {
  if (change === "cancellation")
    return parseWith(outOfServiceCancellationBody, { reason: values.reason || undefined });
  const dates =
    change === "end-early"
      ? parseWith(endOnly, { endDate: dateOfParts(values.endDate) })
      : parseWith(bothDates, {
          startDate: dateOfParts(values.startDate),
          endDate: dateOfParts(values.endDate),
        });
  return dates.ok ? parseWith(outOfServiceChangeBody, dates.data) : dates;
}

const valuesOfForm = (req: PageRequest): PeriodChangeValues => ({
  startDate: typedDateParts(req.form, "startDate"),
  endDate: typedDateParts(req.form, "endDate"),
  reason: fieldText(req.form, "reason"),
});

function valuesOfBody(period: OutOfService, body: Record<string, unknown>): PeriodChangeValues {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const base = periodValues({
    startDate: str(body.startDate) ?? period.startDate,
    endDate: str(body.endDate) ?? period.endDate,
  });
  return { ...base, reason: str(body.reason) ?? "" };
}

const pendingKey = (outOfServiceId: string, change: PeriodChange) => `oos:${outOfServiceId}:${change}`;

function run(change: PeriodChange, req: PageRequest, pending: Pending) {
  const { premisesId, outOfServiceId } = req.params as Params;
  if (change === "cancellation") {
    const body = outOfServiceCancellationBody.parse(pending.body);
    return cancelOutOfService(premisesId, outOfServiceId, body.reason, req.principal, pending.version);
  }
  const body = outOfServiceChangeBody.parse(pending.body);
  return changeOutOfService(premisesId, outOfServiceId, body, req.principal, pending.version);
}

const DONE: Record<PeriodChange, (p: OutOfService) => { title: string; text: string }> = {
  "end-early": (p) => ({
    title: `Bed ${p.bedId}: out-of-service period ended early`,
    text: `The last night out of service is now ${formatDate(p.endDate)}.`,
  }),
  dates: (p) => ({
    title: `Bed ${p.bedId}: out-of-service dates changed`,
    text: `Out of service from ${formatDate(p.startDate)} to ${formatDate(p.endDate)}.`,
  }),
  cancellation: (p) => ({
    title: `Bed ${p.bedId}: out-of-service period cancelled`,
    text: `The bed is in service from ${formatDate(p.startDate)} to ${formatDate(p.endDate)}.`,
  }),
};

function periodChange(change: PeriodChange) {
  const form = async (
    req: PageRequest,
    loaded: Awaited<ReturnType<typeof loadPeriod>>,
    values: PeriodChangeValues,
    version: number,
    errors: FormErrors = NO_ERRORS,
    status = 200,
  ): Promise<PageResult> => ({
    render: "pages/premises/out-of-service-change.njk",
    status,
    model: {
      ...layout(req, PERIOD_CHANGES[change].title, loaded.premises.name, errors),
      ...periodChangeFormModel({ change, ...loaded, values, errors, version }),
    },
  });
  /** A change the period no longer allows (it is over, begun or cancelled) goes back to the period's page. */
  const notOffered = (loaded: Awaited<ReturnType<typeof loadPeriod>>): PageResult => ({
    redirect: periodPath(loaded.premises.premisesId, loaded.period.outOfServiceId),
    flash: {
      kind: "important",
      text: PERIOD_CHANGES[change].notOffered,
    },
  });
  const offered = (loaded: Awaited<ReturnType<typeof loadPeriod>>) =>
    offeredChanges(loaded.period, today()).includes(change);

  return {
    get: (async (req) => {
      const loaded = await loadPeriod(req);
      if (!offered(loaded)) return notOffered(loaded);
      const pending = held(req, pendingKey(loaded.period.outOfServiceId, change));
      return pending
        ? form(
            req,
            loaded,
            valuesOfBody(loaded.period, pending.body),
            pending.version ?? loaded.period.version,
          )
        : form(req, loaded, { ...periodValues(loaded.period), reason: "" }, loaded.period.version);
    }) satisfies Controller,
    post: (async (req) => {
      const loaded = await loadPeriod(req);
      const values = valuesOfForm(req);
      const version = versionOf(req) ?? loaded.period.version;
      const parsed = candidateOf(change, values);
      if (!parsed.ok)
        return form(req, loaded, values, version, formOrderErrors(parsed.invalid, PERIOD_CHANGE_FIELDS), 400);
      hold(req, pendingKey(loaded.period.outOfServiceId, change), { body: parsed.data, version });
      return {
        redirect: `${periodPath(loaded.premises.premisesId, loaded.period.outOfServiceId)}/${change}/check`,
      };
    }) satisfies Controller,
    getCheck: (async (req) => {
      const loaded = await loadPeriod(req);
      const pending = held(req, pendingKey(loaded.period.outOfServiceId, change));
      const formPath = `${periodPath(loaded.premises.premisesId, loaded.period.outOfServiceId)}/${change}`;
      if (!pending) return { redirect: formPath };
      return {
        render: "pages/premises/out-of-service-check.njk",
        model: {
          ...layout(
            req,
            `Check your answers: ${PERIOD_CHANGES[change].title.toLowerCase()}`,
            loaded.premises.name,
          ),
          ...periodCheckModel({ change, ...loaded, body: pending.body }),
        },
      };
    }) satisfies Controller,
    postCheck: (async (req) => {
      const loaded = await loadPeriod(req);
      const key = pendingKey(loaded.period.outOfServiceId, change);
      const pending = held(req, key);
      const formPath = `${periodPath(loaded.premises.premisesId, loaded.period.outOfServiceId)}/${change}`;
      if (!pending) return { redirect: formPath };
      let after: OutOfService | undefined;
      const problem = await attempt(async () => {
        after = await run(change, req, pending);
      });
      const values = valuesOfBody(loaded.period, pending.body);
      if (problem) {
        // A stale form is shown again at the version now stored, with the period as it now stands.
        const version =
          problem.status === 412 ? loaded.period.version : (pending.version ?? loaded.period.version);
        if (problem.status === 412) hold(req, key, { ...pending, version });
        return form(
          req,
          loaded,
          values,
          version,
          periodChangeErrors(change, problem),
          problem.status === 412 ? 409 : problem.status,
        );
      }
      release(req, key);
      return {
        redirect: outOfServicePath(loaded.premises.premisesId),
        flash: { kind: "success", ...DONE[change](after!) },
      };
    }) satisfies Controller,
  };
}

export const endEarly = periodChange("end-early");
export const changeDates = periodChange("dates");
export const cancelPeriod = periodChange("cancellation");

// ---------- archive and unarchive a bed ----------

async function loadBed(req: PageRequest) {
  const { premisesId, bedId } = req.params as Params;
  const premises = await getPremises(premisesId);
  const bed = premises.beds.find((b) => b.bedId === bedId);
  if (!bed) throw notFound("Bed", `${premisesId}/${bedId}`);
  return { premises, bed };
}

const archiveKey = (bedId: string) => `bed:${bedId}:archive`;

const archiveForm = (
  req: PageRequest,
  loaded: Awaited<ReturnType<typeof loadBed>>,
  values: ArchiveValues,
  errors: FormErrors = NO_ERRORS,
  status = 200,
): PageResult => ({
  render: "pages/premises/bed-archive.njk",
  status,
  model: {
    ...layout(req, "Archive a bed", loaded.premises.name, errors),
    ...archiveFormModel({ ...loaded, values, errors }),
  },
});

function archiveValuesOf(body: Record<string, unknown>): ArchiveValues {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(
    typeof body.archivedFrom === "string" ? body.archivedFrom : "",
  );
  return {
    archivedFrom: parts
      ? { day: String(Number(parts[3])), month: String(Number(parts[2])), year: parts[1]! }
      : EMPTY_ARCHIVE.archivedFrom,
    reason: typeof body.reason === "string" ? body.reason : "",
  };
}

export const archive = {
  get: (async (req) => {
    const loaded = await loadBed(req);
    const pending = held(req, archiveKey(loaded.bed.bedId));
    return archiveForm(req, loaded, pending ? archiveValuesOf(pending.body) : EMPTY_ARCHIVE);
  }) satisfies Controller,
  post: (async (req) => {
    const loaded = await loadBed(req);
    const values: ArchiveValues = {
      archivedFrom: typedDateParts(req.form, "archivedFrom"),
      reason: fieldText(req.form, "reason"),
    };
    const parsed = parseWith(bedArchiveBody, {
      archivedFrom: dateOfParts(values.archivedFrom),
      reason: values.reason || undefined,
    });
    if (!parsed.ok)
      return archiveForm(req, loaded, values, formOrderErrors(parsed.invalid, ARCHIVE_FIELDS), 400);
    hold(req, archiveKey(loaded.bed.bedId), { body: parsed.data });
    return { redirect: `${archivePath(loaded.premises.premisesId, loaded.bed.bedId)}/check` };
  }) satisfies Controller,
  getCheck: (async (req) => {
    const loaded = await loadBed(req);
    const pending = held(req, archiveKey(loaded.bed.bedId));
    if (!pending) return { redirect: archivePath(loaded.premises.premisesId, loaded.bed.bedId) };
    return {
      render: "pages/premises/out-of-service-check.njk",
      model: {
        ...layout(req, "Check your answers: archive a bed", loaded.premises.name),
        ...archiveCheckModel({ ...loaded, body: bedArchiveBody.parse(pending.body) }),
      },
    };
  }) satisfies Controller,
  postCheck: (async (req) => {
    const loaded = await loadBed(req);
    const key = archiveKey(loaded.bed.bedId);
    const pending = held(req, key);
    if (!pending) return { redirect: archivePath(loaded.premises.premisesId, loaded.bed.bedId) };
    const body = bedArchiveBody.parse(pending.body);
    const problem = await attempt(() =>
      archiveBed(loaded.premises.premisesId, loaded.bed.bedId, body, req.principal),
    );
    if (problem)
      return archiveForm(req, loaded, archiveValuesOf(body), archiveErrors(problem), problem.status);
    release(req, key);
    return {
      redirect: outOfServicePath(loaded.premises.premisesId),
      flash: {
        kind: "success",
        title: `Bed ${loaded.bed.bedId} archived`,
        text: `It takes no stay from ${formatDate(body.archivedFrom)}.`,
      },
    };
  }) satisfies Controller,
};

/** Taking the archive off is its own confirmation page: one button, nothing to type. */
export const unarchive = {
  get: (async (req) => {
    const loaded = await loadBed(req);
    if (!loaded.bed.archivedFrom) return { redirect: outOfServicePath(loaded.premises.premisesId) };
    return {
      render: "pages/premises/out-of-service-check.njk",
      model: {
        ...layout(req, "Unarchive a bed", loaded.premises.name),
        heading: `Unarchive bed ${loaded.bed.bedId}`,
        caption: loaded.premises.name,
        rows: [
          { key: { text: "Bed" }, value: { text: `${loaded.bed.bedId} (room ${loaded.bed.room})` } },
          { key: { text: "Archived from" }, value: { text: formatDate(loaded.bed.archivedFrom) } },
          { key: { text: "Reason" }, value: { text: loaded.bed.archive?.reason ?? "" } },
        ],
        intro: "The bed will take stays again on every night.",
        button: "Unarchive bed",
        back: outOfServicePath(loaded.premises.premisesId),
        action: unarchivePath(loaded.premises.premisesId, loaded.bed.bedId),
        cancelHref: outOfServicePath(loaded.premises.premisesId),
      },
    };
  }) satisfies Controller,
  post: (async (req) => {
    const loaded = await loadBed(req);
    await unarchiveBed(loaded.premises.premisesId, loaded.bed.bedId, req.principal);
    return {
      redirect: outOfServicePath(loaded.premises.premisesId),
      flash: { kind: "success", title: `Bed ${loaded.bed.bedId} unarchived`, text: "It takes stays again." },
    };
  }) satisfies Controller,
};
