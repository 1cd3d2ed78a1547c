import { randomUUID } from "node:crypto";
import type * as z from "zod";
import { now, today } from "../../domain/clock.js";
import type { InvalidParam } from "../../domain/errors.js";
import { isDomainError } from "../../domain/errors.js";
import { WITHDRAWAL_REASONS } from "../../domain/vocabulary.js";
import { allocationBody, stayReductionBody } from "../../schemas/bookings.js";
import { areaOccupancyQuery } from "../../schemas/occupancy.js";
import { type PlacementReviewResponseBody, placementReviewResponseBody } from "../../schemas/pre-arrival.js";
import type { Premises } from "../../schemas/premises.js";
import { type Withdrawal, withdrawalBody } from "../../schemas/referrals.js";
import { allocate, bedOptions } from "../../services/allocation-service.js";
import { getBooking, requestStayReduction } from "../../services/bookings-service.js";
import { areaOccupancy } from "../../services/occupancy-service.js";
import { answerPlacementConcern } from "../../services/placement-review-service.js";
import { listPremises } from "../../services/premises-service.js";
import {
  getReferral,
  listReferrals,
  submitReferral,
  withdrawReferral,
} from "../../services/referrals-service.js";
import {
  type FieldSpec,
  type FormErrors,
  formErrors,
  NO_ERRORS,
  problemOfError,
  problemOfZod,
} from "../error-summary.js";
import { dateFromParts, dateParts, type FormFields, fieldText, typedDateParts } from "../forms.js";
import type { Controller, PageRequest, PageResult } from "../page.js";
import { bedOptionsPage, bedOptionView } from "../view-models/cru-bed-options.js";
import {
  CONCERN_FIELDS,
  CRU_PATHS,
  concernAnswers,
  concernPage,
  occupancyPage,
  referralPage,
  withdrawalAnswers,
} from "../view-models/cru-pages.js";
import { queueFilterOf, queuePage, queueQueryOf } from "../view-models/cru-queue.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { layoutModel } from "../view-models/layout.js";
import { referralBodyFromForm, referralFormPage, referralFormValues } from "../view-models/referral-form.js";

/**
 * The CRU's pages: each calls the same operation the JSON API calls, in process, with the
 * signed-in principal; bodies are judged by the API's own zod schemas and refusals come back
 * as the GOV.UK error summary built from the same problem details.
 */

/** Every premises (id → record): the estate is about a hundred, one page at most. */
export async function premisesDirectory(): Promise<Map<string, Premises>> {
  const out = new Map<string, Premises>();
  let cursor: string | undefined;
  do {
    const page = await listPremises({ limit: 200, cursor });
    for (const p of page.items) out.set(p.premisesId, p);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const names = (dir: ReadonlyMap<string, Premises>) => new Map([...dir].map(([id, p]) => [id, p.name]));

export function page(
  req: PageRequest,
  template: string,
  title: string,
  model: object,
  errors?: FormErrors,
  status?: number,
): PageResult {
  const hasErrors = Boolean(errors?.summary.length);
  return {
    render: template,
    status: status ?? (hasErrors ? 400 : 200),
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [],
        path: req.url.split("?")[0],
      }),
      // The view models word the whole GOV.UK title ("Allocate a bed – A123456 – Approved Premises").
      pageTitle: `${hasErrors && !title.startsWith("Error: ") ? "Error: " : ""}${title}`,
      ...model,
      errors: errors ?? NO_ERRORS,
    },
  };
}

/** A body checked by the API's own schema: the data, or the form's errors in the schema's words. */
export function check<S extends z.ZodType>(
  schema: S,
  candidate: Record<string, unknown>,
  spec: Record<string, FieldSpec>,
): { ok: true; data: z.output<S> } | { ok: false; errors: FormErrors } {
  const body = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: formErrors(problemOfZod(parsed.error), spec) };
}

/** A domain refusal a form can show (invalid fields keyed to the form, a conflict in its own words), else undefined. */
function refusal(err: unknown, spec: Record<string, FieldSpec>): FormErrors | undefined {
  const problem = problemOfError(err);
  return problem ? formErrors(problem, spec) : undefined;
}

// ---------- queue ----------

export const queue: Controller = async (req) => {
  const filter = queueFilterOf(req.query);
  const query = queueQueryOf(filter);
  let invalid: InvalidParam[] | undefined = query.ok ? undefined : query.invalid;
  let result: Awaited<ReturnType<typeof listReferrals>> | undefined;
  if (query.ok) {
    try {
      result = await listReferrals(query.query, req.principal);
    } catch (err) {
      const problem = problemOfError(err);
      if (!problem?.invalidParams) throw err;
      invalid = problem.invalidParams;
    }
  }
  const placed = filter.tab.key === "to-place" ? new Map<string, string>() : names(await premisesDirectory());
  const vm = queuePage({
    filter,
    invalid,
    page: result,
    today: today(),
    now: now(),
    premisesNames: placed,
    basePath: CRU_PATHS.queue,
    referralHref: CRU_PATHS.referral,
    concernHref: CRU_PATHS.concern,
  });
  return page(req, "pages/cru/queue.njk", vm.title, vm, vm.errors, 200);
};

// ---------- one referral ----------

export const showReferral: Controller = async (req) => {
  const [referral, dir] = await Promise.all([
    getReferral(req.params.referralId!, req.principal),
    premisesDirectory(),
  ]);
  // The booking's state says which stay changes it accepts (BOOKING_ACTIONS).
  const booking =
    referral.placement && (referral.status === "allocated" || referral.status === "arrived")
      ? await getBooking(referral.placement.bookingId, req.principal)
      : undefined;
  const vm = referralPage(referral, names(dir), booking);
  return page(req, "pages/cru/referral.njk", vm.title, vm);
};

// ---------- bed options and allocation ----------

const allocateHref = (
  referralId: string,
  o: { premisesId: string; bedId: string; arrivalDate: string; departureDate: string },
) =>
  `${CRU_PATHS.allocate(referralId)}?${new URLSearchParams({
    premisesId: o.premisesId,
    bedId: o.bedId,
    arrivalDate: o.arrivalDate,
    departureDate: o.departureDate,
  })}`;

export const showBedOptions: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const [referral, found, dir] = await Promise.all([
    getReferral(referralId, req.principal),
    bedOptions(referralId),
    premisesDirectory(),
  ]);
  const vm = bedOptionsPage({
    referral,
    options: found.options,
    asked: found.searched,
    premises: dir,
    riskMix: found.riskMix,
    allocateHref: (o) => allocateHref(referralId, o),
    stayReductionHref: (o) =>
      `${CRU_PATHS.stayReduction(o.stayReduction.bookingId)}?${new URLSearchParams({
        forReferralId: referralId,
        newDepartureDate: o.stayReduction.newDepartureDate,
      })}`,
  });
  return page(req, "pages/cru/bed-options.njk", vm.title, {
    ...vm,
    referralHref: CRU_PATHS.referral(referralId),
  });
};

const ALLOCATION_FIELDS: Record<string, FieldSpec> = {
  bufferOverrideReason: { href: "#bufferOverrideReason", label: "Reason for cutting the buffer short" },
  riskMixOverrideReason: { href: "#riskMixOverrideReason", label: "Reason for exceeding the risk limits" },
  arrivalDate: { href: "#main-content", label: "Arrival date" },
  departureDate: { href: "#main-content", label: "Departure date" },
  premisesId: { href: "#main-content", label: "Premises" },
  bedId: { href: "#main-content", label: "Bed" },
};

const ALLOCATION_KEYS = [
  "premisesId",
  "bedId",
  "arrivalDate",
  "departureDate",
  "bufferOverrideReason",
  "riskMixOverrideReason",
] as const;

async function allocatePage(
  req: PageRequest,
  values: FormFields,
  errors?: FormErrors,
  force: { buffer?: boolean; riskMix?: boolean } = {},
) {
  const referralId = req.params.referralId!;
  const [referral, found, dir] = await Promise.all([
    getReferral(referralId, req.principal),
    bedOptions(referralId),
    premisesDirectory(),
  ]);
  const chosen = {
    premisesId: fieldText(values, "premisesId"),
    bedId: fieldText(values, "bedId"),
    arrivalDate: fieldText(values, "arrivalDate"),
    departureDate: fieldText(values, "departureDate"),
  };
  const option = found.options.find(
    (o) =>
      o.premisesId === chosen.premisesId &&
      o.bedId === chosen.bedId &&
      o.arrivalDate === chosen.arrivalDate &&
      o.departureDate === chosen.departureDate,
  );
  const view = option
    ? bedOptionView(
        {
          referral,
          options: found.options,
          asked: found.searched,
          premises: dir,
          riskMix: found.riskMix,
          allocateHref: () => "",
          stayReductionHref: () => "",
        },
        option,
      )
    : undefined;
  return page(
    req,
    "pages/cru/allocate.njk",
    `Allocate a bed – ${referral.person.crn} – Approved Premises`,
    {
      referral,
      chosen,
      premisesName: dir.get(chosen.premisesId)?.name ?? chosen.premisesId,
      arrival: formatDate(chosen.arrivalDate),
      departure: formatDate(chosen.departureDate),
      option: view,
      needsReason: force.buffer === true || view?.needsOverrideReason === true,
      needsRiskMixReason: force.riskMix === true || view?.needsRiskMixReason === true,
      reason: fieldText(values, "bufferOverrideReason"),
      riskMixReason: fieldText(values, "riskMixOverrideReason"),
      bedOptionsHref: CRU_PATHS.bedOptions(referralId),
      action: CRU_PATHS.allocate(referralId),
    },
    errors,
  );
}

export const getAllocate: Controller = (req) => allocatePage(req, req.query);

export const postAllocate: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const candidate = Object.fromEntries(ALLOCATION_KEYS.map((k) => [k, fieldText(req.form, k)]));
  const parsed = check(allocationBody, candidate, ALLOCATION_FIELDS);
  if (!parsed.ok) return allocatePage(req, req.form, parsed.errors);
  try {
    const booking = await allocate(referralId, parsed.data, req.principal);
    const dir = await premisesDirectory();
    return {
      redirect: CRU_PATHS.referral(referralId),
      flash: {
        kind: "success",
        title: "Bed allocated",
        text: `${booking.person.name} is booked into ${dir.get(booking.premisesId)?.name ?? booking.premisesId}, bed ${booking.bedId}, from ${formatDate(booking.arrivalDate)} to ${formatDate(booking.departureDate)}.`,
      },
    };
  } catch (err) {
    const type = isDomainError(err) ? err.type : undefined;
    const errors = refusal(err, ALLOCATION_FIELDS);
    if (!errors) throw err;
    // A refusal the user can answer on this page: ask for the reason where the summary links.
    if (type === "buffer-needed")
      errors.summary = errors.summary.map((e) => ({ ...e, href: "#bufferOverrideReason" }));
    if (type === "risk-mix")
      errors.summary = errors.summary.map((e) => ({ ...e, href: "#riskMixOverrideReason" }));
    return allocatePage(req, req.form, errors, {
      buffer: type === "buffer-needed",
      riskMix: type === "risk-mix",
    });
  }
};

// ---------- stay reduction request ----------

const STAY_REDUCTION_FIELDS: Record<string, FieldSpec> = {
  newDepartureDate: { href: "#newDepartureDate-day", label: "New departure date" },
  reason: { href: "#reason", label: "Reason" },
  forReferralId: { href: "#main-content", label: "Referral" },
};

async function stayReductionPage(req: PageRequest, values: FormFields, errors?: FormErrors) {
  const booking = await getBooking(req.params.bookingId!, req.principal);
  const dir = await premisesDirectory();
  const forReferralId = fieldText(values, "forReferralId");
  const typed = typedDateParts(values, "newDepartureDate");
  const newDeparture =
    typed.day || typed.month || typed.year
      ? typed
      : dateParts(fieldText(values, "newDepartureDate") || undefined);
  return page(
    req,
    "pages/cru/stay-reduction.njk",
    `Request a stay reduction – ${booking.person.crn} – Approved Premises`,
    {
      booking,
      premisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
      currentDeparture: formatDate(booking.departureDate),
      newDeparture,
      reason: fieldText(values, "reason"),
      forReferralId,
      backHref: forReferralId ? CRU_PATHS.bedOptions(forReferralId) : CRU_PATHS.queue,
      action: CRU_PATHS.stayReduction(booking.bookingId),
    },
    errors,
  );
}

export const getStayReduction: Controller = (req) => stayReductionPage(req, req.query);

export const postStayReduction: Controller = async (req) => {
  const parsed = check(
    stayReductionBody,
    {
      newDepartureDate: dateFromParts(req.form, "newDepartureDate"),
      forReferralId: fieldText(req.form, "forReferralId"),
      reason: fieldText(req.form, "reason"),
    },
    STAY_REDUCTION_FIELDS,
  );
  if (!parsed.ok) return stayReductionPage(req, req.form, parsed.errors);
  try {
    const request = await requestStayReduction(req.params.bookingId!, parsed.data, req.principal);
    return {
      redirect: CRU_PATHS.bedOptions(parsed.data.forReferralId),
      flash: {
        kind: "success",
        title: "Stay reduction requested",
        text: `The AP manager decides whether ${request.crn} leaves on ${formatDate(request.newDepartureDate)} instead of ${formatDate(request.currentDepartureDate)}.`,
      },
    };
  } catch (err) {
    const errors = refusal(err, STAY_REDUCTION_FIELDS);
    if (!errors) throw err;
    return stayReductionPage(req, req.form, errors);
  }
};

// ---------- withdrawal, with a check-your-answers step ----------

const WITHDRAWAL_FIELDS: Record<string, FieldSpec> = {
  reason: { href: "#reason", label: "Reason" },
  notes: { href: "#notes", label: "Notes" },
};
const withdrawKey = (referralId: string) => `withdraw:${referralId}`;

async function withdrawPage(
  req: PageRequest,
  values: { reason: string; notes: string },
  errors?: FormErrors,
) {
  const referral = await getReferral(req.params.referralId!, req.principal);
  return page(
    req,
    "pages/cru/withdraw.njk",
    `Withdraw the referral – ${referral.person.crn} – Approved Premises`,
    {
      referral,
      reasons: Object.entries(WITHDRAWAL_REASONS).map(([value, text]) => ({
        value,
        text,
        checked: values.reason === value,
      })),
      notes: values.notes,
      action: CRU_PATHS.withdraw(referral.referralId),
      backHref: CRU_PATHS.referral(referral.referralId),
    },
    errors,
  );
}

export const getWithdraw: Controller = (req) => {
  const pending = req.session.pending?.[withdrawKey(req.params.referralId!)] as Withdrawal | undefined;
  return withdrawPage(req, { reason: pending?.reason ?? "", notes: pending?.notes ?? "" });
};

export const postWithdraw: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const values = { reason: fieldText(req.form, "reason"), notes: fieldText(req.form, "notes") };
  const parsed = check(withdrawalBody, values, WITHDRAWAL_FIELDS);
  if (!parsed.ok) return withdrawPage(req, values, parsed.errors);
  req.session.pending = { ...req.session.pending, [withdrawKey(referralId)]: parsed.data };
  return { redirect: CRU_PATHS.withdrawCheck(referralId) };
};

export const getWithdrawCheck: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const pending = req.session.pending?.[withdrawKey(referralId)] as Withdrawal | undefined;
  if (!pending) return { redirect: CRU_PATHS.withdraw(referralId) };
  const referral = await getReferral(referralId, req.principal);
  return page(
    req,
    "pages/cru/withdraw-check.njk",
    `Check your answers – ${referral.person.crn} – Approved Premises`,
    {
      referral,
      answers: withdrawalAnswers(pending),
      changeHref: CRU_PATHS.withdraw(referralId),
      action: CRU_PATHS.withdrawCheck(referralId),
    },
  );
};

export const postWithdrawCheck: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const pending = req.session.pending?.[withdrawKey(referralId)] as Withdrawal | undefined;
  if (!pending) return { redirect: CRU_PATHS.withdraw(referralId) };
  try {
    const withdrawn = await withdrawReferral(referralId, pending, req.principal);
    delete req.session.pending?.[withdrawKey(referralId)];
    return {
      redirect: CRU_PATHS.referral(referralId),
      flash: {
        kind: "success",
        title: "Referral withdrawn",
        text: `${withdrawn.person.name}'s referral is withdrawn: ${WITHDRAWAL_REASONS[pending.reason]}.`,
      },
    };
  } catch (err) {
    const errors = refusal(err, WITHDRAWAL_FIELDS);
    if (!errors) throw err;
    return withdrawPage(req, { reason: pending.reason, notes: pending.notes ?? "" }, errors);
  }
};

// ---------- answering an AP manager's placement concern (#13) ----------

const concernKey = (bookingId: string) => `concern:${bookingId}`;

async function concernForm(req: PageRequest, values: { action: string; note: string }, errors?: FormErrors) {
  const booking = await getBooking(req.params.bookingId!, req.principal);
  const dir = await premisesDirectory();
  const vm = concernPage({
    booking,
    premisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
    values,
  });
  return page(
    req,
    "pages/cru/concern.njk",
    vm.title,
    {
      ...vm,
      action: CRU_PATHS.concern(booking.bookingId),
      backHref: `${CRU_PATHS.queue}?tab=concerns`,
      referralHref: CRU_PATHS.referral(booking.referralId),
    },
    errors,
  );
}

export const getConcern: Controller = (req) => {
  const pending = req.session.pending?.[concernKey(req.params.bookingId!)] as
    | PlacementReviewResponseBody
    | undefined;
  return concernForm(req, { action: pending?.action ?? "", note: pending?.note ?? "" });
};

/** Keep goes straight through; reallocate cancels a booking, so it gets a check-your-answers step. */
export const postConcern: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const values = { action: fieldText(req.form, "action"), note: fieldText(req.form, "note") };
  const parsed = check(placementReviewResponseBody, values, CONCERN_FIELDS);
  if (!parsed.ok) return concernForm(req, values, parsed.errors);
  if (parsed.data.action === "reallocate") {
    req.session.pending = { ...req.session.pending, [concernKey(bookingId)]: parsed.data };
    return { redirect: CRU_PATHS.concernCheck(bookingId) };
  }
  return answerConcern(req, parsed.data, values);
};

async function answerConcern(
  req: PageRequest,
  answer: PlacementReviewResponseBody,
  values: { action: string; note: string },
): Promise<PageResult> {
  const bookingId = req.params.bookingId!;
  try {
    const booking = await answerPlacementConcern(bookingId, answer, req.principal);
    delete req.session.pending?.[concernKey(bookingId)];
    return {
      redirect: CRU_PATHS.referral(booking.referralId),
      flash:
        answer.action === "keep"
          ? { kind: "success", title: "Placement kept", text: `${booking.person.name}'s booking stands.` }
          : {
              kind: "success",
              title: "Booking cancelled",
              text: `${booking.person.name}'s referral is back in the queue to place.`,
            },
    };
  } catch (err) {
    const errors = refusal(err, CONCERN_FIELDS);
    if (!errors) throw err;
    return concernForm(req, values, errors);
  }
}

export const getConcernCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const pending = req.session.pending?.[concernKey(bookingId)] as PlacementReviewResponseBody | undefined;
  if (!pending) return { redirect: CRU_PATHS.concern(bookingId) };
  const booking = await getBooking(bookingId, req.principal);
  return page(
    req,
    "pages/cru/concern-check.njk",
    `Check your answers – ${booking.person.crn} – Approved Premises`,
    {
      caption: `${booking.person.name} (${booking.person.crn})`,
      answers: concernAnswers(pending),
      changeHref: CRU_PATHS.concern(bookingId),
      action: CRU_PATHS.concernCheck(bookingId),
    },
  );
};

export const postConcernCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const pending = req.session.pending?.[concernKey(bookingId)] as PlacementReviewResponseBody | undefined;
  if (!pending) return { redirect: CRU_PATHS.concern(bookingId) };
  return answerConcern(req, pending, { action: pending.action, note: pending.note });
};

// ---------- submit a referral by hand ----------

async function newReferralPage(
  req: PageRequest,
  form: FormFields,
  invalid?: readonly InvalidParam[],
  summary?: FormErrors,
) {
  const dir = await premisesDirectory();
  const vm = referralFormPage({
    values: referralFormValues(form),
    invalid,
    premises: [...dir.values()],
  });
  // The form token makes a second press of the button (or a resent POST) the same submission.
  const formToken = fieldText(form, "formToken") || randomUUID();
  return page(
    req,
    "pages/cru/new-referral.njk",
    vm.title,
    { ...vm, formToken, action: CRU_PATHS.newReferral },
    summary ?? vm.errors,
  );
}

export const getNewReferral: Controller = (req) => newReferralPage(req, {});

export const postNewReferral: Controller = async (req) => {
  const parsed = referralBodyFromForm(req.form);
  if (!parsed.ok) return newReferralPage(req, req.form, parsed.invalid);
  try {
    const { referral } = await submitReferral(
      parsed.data,
      req.principal,
      fieldText(req.form, "formToken") || undefined,
    );
    return {
      redirect: CRU_PATHS.referral(referral.referralId),
      flash: {
        kind: "success",
        title: "Referral submitted",
        text: `${referral.person.name} (${referral.person.crn}) is in the queue to place.`,
      },
    };
  } catch (err) {
    const problem = problemOfError(err);
    if (!problem) throw err;
    if (problem.invalidParams?.length) return newReferralPage(req, req.form, problem.invalidParams);
    return newReferralPage(req, req.form, undefined, {
      summary: [{ text: problem.detail, href: "#crn" }],
      fields: {},
    });
  }
};

// ---------- national occupancy ----------

const OCCUPANCY_FIELDS: Record<string, FieldSpec> = {
  area: { href: "#area", label: "Area" },
  date: { href: "#date-day", label: "Night" },
};

export const occupancy: Controller = async (req) => {
  const area = fieldText(req.query, "area");
  const parsed = check(
    areaOccupancyQuery,
    { area, date: dateFromParts(req.query, "date") },
    OCCUPANCY_FIELDS,
  );
  const result = await areaOccupancy(req.principal, parsed.ok ? parsed.data : {});
  const vm = occupancyPage({ date: result.date, area: parsed.ok ? area : "", items: result.items });
  return page(
    req,
    "pages/cru/occupancy.njk",
    vm.title,
    { ...vm, dateValues: typedDateParts(req.query, "date") },
    parsed.ok ? undefined : parsed.errors,
    200,
  );
};
