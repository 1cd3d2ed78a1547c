import { allowsAction } from "../../domain/booking-actions.js";
import { today } from "../../domain/clock.js";
import { isDomainError } from "../../domain/errors.js";
import { OPEN_REFERRAL_STATUSES } from "../../domain/referral-rules.js";
import { BOOKING_STATUS_LABELS, REFERRAL_STATUS_LABELS } from "../../domain/vocabulary.js";
import { dateChangeBody, transferBody } from "../../schemas/bookings.js";
import { referralChangeBody } from "../../schemas/referrals.js";
import { getBooking } from "../../services/bookings-service.js";
import { changeBookingDates, type DateChange } from "../../services/date-change-service.js";
import { getPremises } from "../../services/premises-service.js";
import { changeReferral, type ReferralChange } from "../../services/referral-change-service.js";
import { getReferral } from "../../services/referrals-service.js";
import { type TransferInput, transferStay } from "../../services/transfer-service.js";
import { type FormErrors, type ProblemDetails, parseWith, problemOfError } from "../error-summary.js";
import { fieldText } from "../forms.js";
import type { Controller, PageRequest, PageResult } from "../page.js";
import { held, hold, release, versionOf } from "../pending-answers.js";
import { CRU_PATHS } from "../view-models/cru-pages.js";
import {
  bookingFitFlash,
  DATE_CHANGE_FIELDS,
  type DateChangeValues,
  dateChangeAnswers,
  dateChangeCandidate,
  dateChangePage,
  dateChangeValuesFromForm,
  dateChangeValuesOf,
  REFERRAL_CHANGE_FIELDS,
  type ReferralChangeValues,
  referralChangeAnswers,
  referralChangeCandidate,
  referralChangeErrors,
  referralChangePage,
  referralChangeValuesFromForm,
  referralChangeValuesOf,
  refusalErrors,
  TRANSFER_FIELDS,
  type TransferValues,
  transferAnswers,
  transferCandidate,
  transferPage,
  transferValuesFromForm,
  transferValuesOf,
} from "../view-models/cru-stay-changes.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { check, page, premisesDirectory } from "./cru.js";

/**
 * The CRU's stay changes (issue 12): each form holds its answers in the session until the
 * "check your answers" page is confirmed, then calls the operation the JSON API calls, with
 * the version the form was opened at, so a change made meanwhile is refused, not overwritten.
 */

/** A stale form (changed by someone else since it was opened) says so in words, not versions. */
function problemOf(err: unknown, what: string): ProblemDetails | undefined {
  const problem = problemOfError(err);
  if (problem?.status === 412)
    return {
      status: 412,
      detail: `This ${what} was changed by someone else after you opened this page: check it and try again`,
    };
  return problem;
}
const statusOf = (p: ProblemDetails) => (p.status === 412 ? 409 : p.status);

/** A change the booking or referral no longer accepts goes back to the referral page, saying why. */
const cannot = (referralId: string, title: string, text: string): PageResult => ({
  redirect: CRU_PATHS.referral(referralId),
  flash: { kind: "important", title, text },
});
const statusText = (status: keyof typeof BOOKING_STATUS_LABELS) =>
  BOOKING_STATUS_LABELS[status].toLowerCase();

// ---------- change a booking's dates before arrival ----------

const dateChangeKey = (bookingId: string) => `date-change:${bookingId}`;

async function dateChangeForm(
  req: PageRequest,
  values: ((b: Awaited<ReturnType<typeof getBooking>>) => DateChangeValues) | DateChangeValues,
  errors?: FormErrors,
  status?: number,
  version?: number,
): Promise<PageResult> {
  const booking = await getBooking(req.params.bookingId!, req.principal);
  if (!allowsAction(booking.status, "date-change"))
    return cannot(
      booking.referralId,
      "The booking's dates cannot change",
      `The booking is ${statusText(booking.status)}: its dates change only before arrival.`,
    );
  const dir = await premisesDirectory();
  const vm = dateChangePage({
    booking,
    premisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
    values: typeof values === "function" ? values(booking) : values,
  });
  return page(
    req,
    "pages/cru/date-change.njk",
    vm.title,
    {
      ...vm,
      version: version ?? booking.version,
      action: CRU_PATHS.dateChange(booking.bookingId),
      backHref: CRU_PATHS.referral(booking.referralId),
    },
    errors,
    status,
  );
}

export const getDateChange: Controller = (req) => {
  const pending = held<DateChange>(req, dateChangeKey(req.params.bookingId!));
  return dateChangeForm(
    req,
    (b) => dateChangeValuesOf(b, pending?.body),
    undefined,
    undefined,
    pending?.version,
  );
};

export const postDateChange: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const values = dateChangeValuesFromForm(req.form);
  const parsed = check(dateChangeBody, dateChangeCandidate(values), DATE_CHANGE_FIELDS);
  if (!parsed.ok) return dateChangeForm(req, values, parsed.errors, 400, versionOf(req));
  hold(req, dateChangeKey(bookingId), { body: parsed.data, version: versionOf(req) });
  return { redirect: CRU_PATHS.dateChangeCheck(bookingId) };
};

export const getDateChangeCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const pending = held<DateChange>(req, dateChangeKey(bookingId));
  if (!pending) return { redirect: CRU_PATHS.dateChange(bookingId) };
  const booking = await getBooking(bookingId, req.principal);
  return page(
    req,
    "pages/cru/date-change-check.njk",
    `Check your answers – ${booking.person.crn} – Approved Premises`,
    {
      caption: `${booking.person.name} (${booking.person.crn})`,
      ...dateChangeAnswers(booking, pending.body),
      changeHref: CRU_PATHS.dateChange(bookingId),
      action: CRU_PATHS.dateChangeCheck(bookingId),
    },
  );
};

export const postDateChangeCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const key = dateChangeKey(bookingId);
  const pending = held<DateChange>(req, key);
  if (!pending) return { redirect: CRU_PATHS.dateChange(bookingId) };
  try {
    const booking = await changeBookingDates(bookingId, pending.body, req.principal, pending.version);
    release(req, key);
    return {
      redirect: CRU_PATHS.referral(booking.referralId),
      flash: {
        kind: "success",
        title: "Booking dates changed",
        text: `${booking.person.name} now arrives on ${formatDate(booking.arrivalDate)} and leaves on ${formatDate(booking.departureDate)}.`,
      },
    };
  } catch (err) {
    const problem = problemOf(err, "booking");
    if (!problem) throw err;
    // Opened again, the form is judged against the booking as it now stands.
    if (problem.status === 412) release(req, key);
    return dateChangeForm(
      req,
      dateChangeValuesOf({ arrivalDate: "", departureDate: "" }, pending.body),
      refusalErrors(problem, DATE_CHANGE_FIELDS, "arrivalDate"),
      statusOf(problem),
      problem.status === 412 ? undefined : pending.version,
    );
  }
};

// ---------- transfer an arrived resident ----------

const transferKey = (bookingId: string) => `transfer:${bookingId}`;

async function transferForm(
  req: PageRequest,
  values: TransferValues,
  errors?: FormErrors,
  status?: number,
  opts: { version?: number; buffer?: boolean; riskMix?: boolean } = {},
): Promise<PageResult> {
  const booking = await getBooking(req.params.bookingId!, req.principal);
  if (!allowsAction(booking.status, "transfer"))
    return cannot(
      booking.referralId,
      "The resident cannot be transferred",
      `The booking is ${statusText(booking.status)}: only a resident who has arrived is transferred.`,
    );
  const dir = await premisesDirectory();
  const chosen = dir.get(values.premisesId);
  const target = chosen ? await getPremises(chosen.premisesId) : undefined;
  const vm = transferPage({
    booking,
    fromPremisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
    premises: [...dir.values()],
    target,
    values,
    today: today(),
    needsBufferReason: opts.buffer,
    needsRiskMixReason: opts.riskMix,
  });
  return page(
    req,
    "pages/cru/transfer.njk",
    vm.title,
    {
      ...vm,
      version: opts.version ?? booking.version,
      action: CRU_PATHS.transfer(booking.bookingId),
      backHref: CRU_PATHS.referral(booking.referralId),
    },
    errors,
    status,
  );
}

/** The premises comes in the query when chosen with the "Show beds" button (a GET form). */
export const getTransfer: Controller = (req) => {
  const pending = held<TransferInput>(req, transferKey(req.params.bookingId!));
  const premisesId = fieldText(req.query, "premisesId");
  const values = transferValuesOf(
    pending && (!premisesId || premisesId === pending.body.premisesId) ? pending.body : {},
    premisesId,
  );
  return transferForm(req, values, undefined, undefined, { version: pending?.version });
};

export const postTransfer: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const values = transferValuesFromForm(req.form);
  const parsed = check(transferBody, transferCandidate(values), TRANSFER_FIELDS);
  if (!parsed.ok) return transferForm(req, values, parsed.errors, 400, { version: versionOf(req) });
  hold(req, transferKey(bookingId), { body: parsed.data, version: versionOf(req) });
  return { redirect: CRU_PATHS.transferCheck(bookingId) };
};

export const getTransferCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const pending = held<TransferInput>(req, transferKey(bookingId));
  if (!pending) return { redirect: CRU_PATHS.transfer(bookingId) };
  const [booking, dir] = await Promise.all([getBooking(bookingId, req.principal), premisesDirectory()]);
  return page(
    req,
    "pages/cru/transfer-check.njk",
    `Check your answers – ${booking.person.crn} – Approved Premises`,
    {
      caption: `${booking.person.name} (${booking.person.crn})`,
      answers: transferAnswers({
        booking,
        fromPremisesName: dir.get(booking.premisesId)?.name ?? booking.premisesId,
        toPremisesName: dir.get(pending.body.premisesId)?.name ?? pending.body.premisesId,
        transfer: pending.body,
      }),
      changeHref: CRU_PATHS.transfer(bookingId),
      action: CRU_PATHS.transferCheck(bookingId),
    },
  );
};

export const postTransferCheck: Controller = async (req) => {
  const bookingId = req.params.bookingId!;
  const key = transferKey(bookingId);
  const pending = held<TransferInput>(req, key);
  if (!pending) return { redirect: CRU_PATHS.transfer(bookingId) };
  try {
    const { to } = await transferStay(bookingId, pending.body, req.principal, pending.version);
    release(req, key);
    const dir = await premisesDirectory();
    return {
      redirect: CRU_PATHS.referral(to.referralId),
      flash: {
        kind: "success",
        title: "Resident transferred",
        text: `${to.person.name} moves to ${dir.get(to.premisesId)?.name ?? to.premisesId}, bed ${to.bedId}, on ${formatDate(to.arrivalDate)}.`,
      },
    };
  } catch (err) {
    const problem = problemOf(err, "stay");
    if (!problem) throw err;
    const type = isDomainError(err) ? err.type : undefined;
    if (problem.status === 412) release(req, key);
    const errors = refusalErrors(problem, TRANSFER_FIELDS, "bedId");
    // A refusal the user can answer on the form (as allocation does): ask for the reason where the summary links.
    const answerable =
      type === "buffer-needed"
        ? "bufferOverrideReason"
        : type === "risk-mix"
          ? "riskMixOverrideReason"
          : undefined;
    if (answerable) {
      const href = TRANSFER_FIELDS[answerable].href;
      errors.summary = errors.summary.map((e) => ({ ...e, href }));
      errors.fields = { [answerable]: errors.summary[0]! };
    }
    return transferForm(req, transferValuesOf(pending.body), errors, statusOf(problem), {
      version: problem.status === 412 ? undefined : pending.version,
      buffer: type === "buffer-needed",
      riskMix: type === "risk-mix",
    });
  }
};

// ---------- change the referral's details ----------

const referralChangeKey = (referralId: string) => `referral-change:${referralId}`;

async function referralChangeForm(
  req: PageRequest,
  values: ((r: Awaited<ReturnType<typeof getReferral>>) => ReferralChangeValues) | ReferralChangeValues,
  errors?: FormErrors,
  status?: number,
  version?: number,
): Promise<PageResult> {
  const referral = await getReferral(req.params.referralId!, req.principal);
  if (!OPEN_REFERRAL_STATUSES.has(referral.status))
    return cannot(
      referral.referralId,
      "The referral's details cannot change",
      `The referral is ${REFERRAL_STATUS_LABELS[referral.status].toLowerCase()}.`,
    );
  const vm = referralChangePage({
    referral,
    values: typeof values === "function" ? values(referral) : values,
  });
  return page(
    req,
    "pages/cru/referral-change.njk",
    vm.title,
    {
      ...vm,
      version: version ?? referral.version,
      action: CRU_PATHS.changeReferral(referral.referralId),
      backHref: CRU_PATHS.referral(referral.referralId),
    },
    errors,
    status,
  );
}

export const getReferralChange: Controller = (req) => {
  const pending = held<ReferralChange>(req, referralChangeKey(req.params.referralId!));
  return referralChangeForm(
    req,
    (r) => referralChangeValuesOf(r, pending?.body),
    undefined,
    undefined,
    pending?.version,
  );
};

export const postReferralChange: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const referral = await getReferral(referralId, req.principal);
  const values = referralChangeValuesFromForm(req.form);
  const parsed = parseWith(referralChangeBody, referralChangeCandidate(referral, values));
  if (!parsed.ok)
    return referralChangeForm(req, values, referralChangeErrors(parsed.invalid), 400, versionOf(req));
  // Only the changed fields wait in the session cookie, never a copy of the referral.
  hold(req, referralChangeKey(referralId), { body: parsed.data, version: versionOf(req) });
  return { redirect: CRU_PATHS.changeReferralCheck(referralId) };
};

export const getReferralChangeCheck: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const pending = held<ReferralChange>(req, referralChangeKey(referralId));
  if (!pending) return { redirect: CRU_PATHS.changeReferral(referralId) };
  const referral = await getReferral(referralId, req.principal);
  return page(
    req,
    "pages/cru/referral-change-check.njk",
    `Check your answers – ${referral.person.crn} – Approved Premises`,
    {
      caption: `${referral.person.name} (${referral.person.crn})`,
      comparison: referralChangeAnswers(referral, pending.body),
      placed:
        referral.placement !== undefined &&
        (referral.status === "allocated" || referral.status === "arrived"),
      changeHref: CRU_PATHS.changeReferral(referralId),
      action: CRU_PATHS.changeReferralCheck(referralId),
    },
  );
};

export const postReferralChangeCheck: Controller = async (req) => {
  const referralId = req.params.referralId!;
  const key = referralChangeKey(referralId);
  const pending = held<ReferralChange>(req, key);
  if (!pending) return { redirect: CRU_PATHS.changeReferral(referralId) };
  const change = pending.body;
  try {
    const result = await changeReferral(referralId, change, req.principal, pending.version);
    release(req, key);
    return { redirect: CRU_PATHS.referral(referralId), flash: bookingFitFlash(result) };
  } catch (err) {
    const problem = problemOf(err, "referral");
    if (!problem) throw err;
    if (problem.status === 412) release(req, key);
    return referralChangeForm(
      req,
      (r) => referralChangeValuesOf(r, change),
      problem.status === 400 && problem.invalidParams?.length
        ? referralChangeErrors(problem.invalidParams)
        : refusalErrors(problem, REFERRAL_CHANGE_FIELDS, "expectedArrivalDate"),
      statusOf(problem),
      problem.status === 412 ? undefined : pending.version,
    );
  }
};
