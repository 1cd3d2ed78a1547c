import { randomUUID } from "node:crypto";
import { now, today } from "../../domain/clock.js";
import { isDomainError } from "../../domain/errors.js";
import { WITHDRAWAL_REASONS } from "../../domain/vocabulary.js";
import { allocationBody, stayReductionBody } from "../../schemas/bookings.js";
import { areaOccupancyQuery } from "../../schemas/occupancy.js";
import type { Premises } from "../../schemas/premises.js";
import { type Withdrawal, withdrawalBody } from "../../schemas/referrals.js";
import { allocate, bedOptions } from "../../services/allocation-service.js";
import { getBooking, requestStayReduction } from "../../services/bookings-service.js";
import { areaOccupancy } from "../../services/occupancy-service.js";
import { listPremises } from "../../services/premises-service.js";
import {
  getReferral,
  listReferrals,
  submitReferral,
  withdrawReferral,
} from "../../services/referrals-service.js";
import { problemOfError } from "../error-summary.js";
import type { Controller, PageRequest, PageResult } from "../page.js";
import { bedOptionsPage, bedOptionView } from "../view-models/cru-bed-options.js";
import { CRU_PATHS, occupancyPage, referralPage, withdrawalAnswers } from "../view-models/cru-pages.js";
import { queueFilterOf, queuePage, queueQueryOf } from "../view-models/cru-queue.js";
import {
  calendarDateOf,
  datePartsFrom,
  datePartsOf,
  type FormBody,
  single,
} from "../view-models/date-parts.js";
import { type FormErrors, formErrors, type InvalidParamLike, NO_ERRORS } from "../view-models/form-errors.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { layoutModel } from "../view-models/layout.js";
import { referralBodyFromForm, referralFormPage, referralFormValues } from "../view-models/referral-form.js";
import { parseWith } from "../view-models/schema-errors.js";

/** Every premises (id → name, area): the estate is about a hundred, two pages at most. */
async function premisesDirectory(): Promise<Map<string, Premises>> {
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

function page(
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

/** A domain refusal a form can show: invalid fields keyed to the form, or a conflict in its own words. */
function refusal(
  err: unknown,
  spec: Parameters<typeof formErrors>[1],
  fallbackHref?: string,
): FormErrors | undefined {
  const problem = problemOfError(err);
  if (!problem) return undefined;
  if (problem.invalidParams?.length) return formErrors(problem.invalidParams, spec, fallbackHref);
  return { summary: [{ text: problem.detail, href: fallbackHref ?? "#main-content" }], fields: {} };
}

// ---------- queue ----------

export const queue: Controller = async (req) => {
  const filter = queueFilterOf(req.query);
  const query = queueQueryOf(filter);
  let invalid: InvalidParamLike[] | undefined = query.ok ? undefined : query.invalid;
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
  const placed =
    filter.tab.key === "allocated" ? names(await premisesDirectory()) : new Map<string, string>();
  const vm = queuePage({
    filter,
    invalid,
    page: result,
    today: today(),
    now: now(),
    premisesNames: placed,
    basePath: CRU_PATHS.queue,
    referralHref: CRU_PATHS.referral,
  });
  return page(req, "pages/cru/queue.njk", vm.title, vm, vm.errors, 200);
};

// ---------- one referral ----------

export const showReferral: Controller = async (req) => {
  const [referral, dir] = await Promise.all([
    getReferral(req.params.referralId!, req.principal),
    premisesDirectory(),
  ]);
  const vm = referralPage(referral, names(dir));
  return page(req, "pages/cru/referral.njk", vm.title, vm);
};

// ---------- bed options and allocation ----------

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
    allocateHref: (o) =>
      `${CRU_PATHS.allocate(referralId)}?${new URLSearchParams({
        premisesId: o.premisesId,
        bedId: o.bedId,
        arrivalDate: o.arrivalDate,
        departureDate: o.departureDate,
      })}`,
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

const ALLOCATION_FIELDS = {
  bufferOverrideReason: { href: "#bufferOverrideReason", label: "Reason for cutting the buffer short" },
  arrivalDate: { href: "#main-content", label: "Arrival date" },
  departureDate: { href: "#main-content", label: "Departure date" },
  premisesId: { href: "#main-content", label: "Premises" },
  bedId: { href: "#main-content", label: "Bed" },
};

async function allocatePage(req: PageRequest, values: FormBody, errors?: FormErrors, forceReason = false) {
  const referralId = req.params.referralId!;
  const [referral, found, dir] = await Promise.all([
    getReferral(referralId, req.principal),
    bedOptions(referralId),
    premisesDirectory(),
  ]);
  const chosen = {
    premisesId: single(values, "premisesId"),
    bedId: single(values, "bedId"),
    arrivalDate: single(values, "arrivalDate"),
    departureDate: single(values, "departureDate"),
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
      needsReason: forceReason || view?.needsOverrideReason === true,
      reason: single(values, "bufferOverrideReason"),
      bedOptionsHref: CRU_PATHS.bedOptions(referralId),
      action: CRU_PATHS.allocate(referralId),
    },
    errors,
  );
}

export const getAllocate: Controller = (req) => allocatePage(req, req.query);

export const postAllocate: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const candidate = Object.fromEntries(
    ["premisesId", "bedId", "arrivalDate", "departureDate", "bufferOverrideReason"]
      .map((k) => [k, single(req.form, k)] as const)
      .filter(([, v]) => v !== ""),
  );
  const parsed = parseWith(allocationBody, candidate);
  if (!parsed.ok) return allocatePage(req, req.form, formErrors(parsed.invalid, ALLOCATION_FIELDS));
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
    const needsReason = isDomainError(err) && err.type === "buffer-needed";
    const errors = refusal(err, ALLOCATION_FIELDS, needsReason ? "#bufferOverrideReason" : undefined);
    if (!errors) throw err;
    return allocatePage(req, req.form, errors, needsReason);
  }
};

// ---------- stay reduction request ----------

const STAY_REDUCTION_FIELDS = {
  newDepartureDate: { href: "#newDepartureDate-day", label: "New departure date" },
  reason: { href: "#reason", label: "Reason" },
  forReferralId: { href: "#main-content", label: "Referral" },
};

async function stayReductionPage(req: PageRequest, values: FormBody, errors?: FormErrors) {
  const booking = await getBooking(req.params.bookingId!, req.principal);
  const dir = await premisesDirectory();
  const forReferralId = single(values, "forReferralId");
  const typed = datePartsOf(values, "newDepartureDate");
  const newDeparture =
    typed.day || typed.month || typed.year
      ? typed
      : datePartsFrom(single(values, "newDepartureDate") || undefined);
  return page(
    req,
    "pages/cru/stay-reduction.njk",
    `Request a stay reduction – ${booking.person.crn} – Approved Premises`,
    {
      booking,
      premisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
      currentDeparture: formatDate(booking.departureDate),
      newDeparture,
      reason: single(values, "reason"),
      forReferralId,
      backHref: forReferralId ? CRU_PATHS.bedOptions(forReferralId) : CRU_PATHS.queue,
      action: CRU_PATHS.stayReduction(booking.bookingId),
    },
    errors,
  );
}

export const getStayReduction: Controller = (req) => stayReductionPage(req, req.query);

export const postStayReduction: Controller = async (req) => {
  const candidate = Object.fromEntries(
    Object.entries({
      newDepartureDate: calendarDateOf(datePartsOf(req.form, "newDepartureDate")),
      forReferralId: single(req.form, "forReferralId") || undefined,
      reason: single(req.form, "reason") || undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const parsed = parseWith(stayReductionBody, candidate);
  if (!parsed.ok) return stayReductionPage(req, req.form, formErrors(parsed.invalid, STAY_REDUCTION_FIELDS));
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

const WITHDRAWAL_FIELDS = {
  reason: { href: "#reason", label: "Reason" },
  notes: { href: "#notes", label: "Notes" },
};
const pendingKey = (referralId: string) => `withdraw:${referralId}`;

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
  const pending = req.session.pending?.[pendingKey(req.params.referralId!)] as Withdrawal | undefined;
  return withdrawPage(req, { reason: pending?.reason ?? "", notes: pending?.notes ?? "" });
};

export const postWithdraw: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const values = { reason: single(req.form, "reason"), notes: single(req.form, "notes") };
  const parsed = parseWith(
    withdrawalBody,
    Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")),
  );
  if (!parsed.ok) return withdrawPage(req, values, formErrors(parsed.invalid, WITHDRAWAL_FIELDS));
  req.session.pending = { ...req.session.pending, [pendingKey(referralId)]: parsed.data };
  return { redirect: CRU_PATHS.withdrawCheck(referralId) };
};

export const getWithdrawCheck: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const pending = req.session.pending?.[pendingKey(referralId)] as Withdrawal | undefined;
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
  const pending = req.session.pending?.[pendingKey(referralId)] as Withdrawal | undefined;
  if (!pending) return { redirect: CRU_PATHS.withdraw(referralId) };
  try {
    const withdrawn = await withdrawReferral(referralId, pending, req.principal);
    delete req.session.pending?.[pendingKey(referralId)];
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

// ---------- submit a referral by hand ----------

async function newReferralPage(
  req: PageRequest,
  form: FormBody,
  invalid?: readonly InvalidParamLike[],
  summary?: FormErrors,
) {
  const dir = await premisesDirectory();
  const vm = referralFormPage({
    values: referralFormValues(form),
    invalid,
    premises: [...dir.values()],
  });
  // The form token makes a second press of the button (or a resent POST) the same submission.
  const formToken = single(form, "formToken") || randomUUID();
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
      single(req.form, "formToken") || undefined,
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

export const occupancy: Controller = async (req) => {
  const area = single(req.query, "area");
  const candidate = Object.fromEntries(
    Object.entries({ area: area || undefined, date: single(req.query, "date") || undefined }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const parsed = parseWith(areaOccupancyQuery, candidate);
  const query = parsed.ok ? parsed.data : {};
  const result = await areaOccupancy(req.principal, query);
  const vm = occupancyPage({ date: result.date, area: parsed.ok ? area : "", items: result.items });
  return page(
    req,
    "pages/cru/occupancy.njk",
    vm.title,
    vm,
    parsed.ok
      ? undefined
      : formErrors(parsed.invalid, {
          area: { href: "#area", label: "Area" },
          date: { href: "#date", label: "Date" },
        }),
    200,
  );
};
