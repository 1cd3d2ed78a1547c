import { daysBetween } from "../../domain/dates.js";
import type { InvalidParam } from "../../domain/errors.js";
import { AREAS, BED_NIGHT_STATES, RISK_LEVELS, ROOM_CHARACTERISTICS } from "../../domain/vocabulary.js";
import type { Booking } from "../../schemas/bookings.js";
import type { Bed } from "../../schemas/premises.js";
import type { Referral } from "../../schemas/referrals.js";
import type { DateChange } from "../../services/date-change-service.js";
import type { ReferralChange } from "../../services/referral-change-service.js";
import type { TransferInput } from "../../services/transfer-service.js";
import {
  type FieldSpec,
  type FormErrors,
  formErrors,
  invalidFormErrors,
  type ProblemDetails,
} from "../error-summary.js";
import {
  type DateParts,
  dateOfParts,
  dateParts,
  type FormFields,
  fieldText,
  typedDateParts,
} from "../forms.js";
import { formatDate, formatDatesIn } from "./govuk-dates.js";

/**
 * The CRU's stay changes (issue 12): a booked stay's dates before arrival, a resident's
 * transfer, and the referral's details. Each is a form, a "check your answers" page and a
 * confirmation; the rules are the schemas' and the services', the words the vocabulary's.
 */

const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const nights = (from: string, to: string) => {
  const n = daysBetween(from, to);
  return `${n} night${n === 1 ? "" : "s"}`;
};

interface Row {
  key: { text: string };
  value: { text: string };
}
const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });

/** "What it is now" beside "what it becomes", one row per thing that changes (govukTable). */
export interface Comparison {
  head: { text: string }[];
  rows: { text: string }[][];
}
const comparison = (what: string, rows: [string, string, string][]): Comparison => ({
  head: [{ text: what }, { text: "Now" }, { text: "Changes to" }],
  rows: rows.map(([what, now, next]) => [{ text: what }, { text: now }, { text: next }]),
});

/**
 * A refusal as the error summary shows it. A 409 is the operation's own sentence, then each
 * thing it names in the way (its `conflicts`), all linking to the input that caused it; any
 * other problem keys its invalid params to the form's inputs.
 */
export function refusalErrors(
  problem: ProblemDetails,
  spec: Record<string, FieldSpec>,
  conflictField: string,
): FormErrors {
  if (problem.status !== 409) return formErrors(problem, spec);
  const href = spec[conflictField]?.href ?? `#${conflictField}`;
  const text = sentence(formatDatesIn(problem.detail));
  const clashes = (problem.conflicts ?? []).map((c) => {
    const when = c.startDate && c.endDate ? `${formatDate(c.startDate)} to ${formatDate(c.endDate)}` : "";
    // A stay, buffer or out-of-service period in the way is named by the bed-night state it holds.
    if (!c.detail) {
      const state =
        BED_NIGHT_STATES[(c.kind === "held" ? "on-hold" : c.kind) as keyof typeof BED_NIGHT_STATES];
      return { text: `${state ?? sentence(c.kind)}${when ? ` from ${when}` : ""}`, href };
    }
    return { text: `${sentence(formatDatesIn(c.detail))}${when ? ` (${when})` : ""}`, href };
  });
  return { summary: [{ text, href }, ...clashes], fields: { [conflictField]: { text } } };
}

// ---------- change a booking's dates before arrival ----------

export const DATE_CHANGE_FIELDS = {
  arrivalDate: { href: "#arrivalDate-day", label: "Arrival date" },
  departureDate: { href: "#departureDate-day", label: "Departure date" },
  reason: { href: "#reason", label: "Reason" },
} satisfies Record<string, FieldSpec>;

export interface DateChangeValues {
  arrivalDate: DateParts;
  departureDate: DateParts;
  reason: string;
}

/** The form filled from answers waiting for confirmation, else from the booking's own dates. */
export const dateChangeValuesOf = (
  booking: Pick<Booking, "arrivalDate" | "departureDate">,
  pending?: DateChange,
): DateChangeValues => ({
  arrivalDate: dateParts(pending?.arrivalDate ?? booking.arrivalDate),
  departureDate: dateParts(pending?.departureDate ?? booking.departureDate),
  reason: pending?.reason ?? "",
});

/** The form as typed, to show again with its errors. */
export const dateChangeValuesFromForm = (form: FormFields): DateChangeValues => ({
  arrivalDate: typedDateParts(form, "arrivalDate"),
  departureDate: typedDateParts(form, "departureDate"),
  reason: fieldText(form, "reason"),
});

/** The body the typed values spell, for the API's own schema to judge. */
export const dateChangeCandidate = (v: DateChangeValues): Record<string, unknown> => ({
  arrivalDate: dateOfParts(v.arrivalDate),
  departureDate: dateOfParts(v.departureDate),
  reason: v.reason,
});

type StayOf = Pick<Booking, "bookingId" | "person" | "bedId" | "arrivalDate" | "departureDate">;

export function dateChangePage(input: { booking: StayOf; premisesName: string; values: DateChangeValues }) {
  const b = input.booking;
  return {
    title: `Change booking dates – ${b.person.crn} – Approved Premises`,
    caption: `${b.person.name} (${b.person.crn})`,
    current: [
      row("Premises", input.premisesName),
      row("Bed", b.bedId),
      row("Arrival", formatDate(b.arrivalDate)),
      row("Departure", formatDate(b.departureDate)),
    ],
    values: input.values,
  };
}

/** The old dates beside the new, and the reason, for the "check your answers" page. */
export function dateChangeAnswers(booking: StayOf, change: DateChange) {
  return {
    comparison: comparison("Date", [
      ["Arrival", formatDate(booking.arrivalDate), formatDate(change.arrivalDate)],
      ["Departure", formatDate(booking.departureDate), formatDate(change.departureDate)],
      [
        "Length of stay",
        nights(booking.arrivalDate, booking.departureDate),
        nights(change.arrivalDate, change.departureDate),
      ],
    ]),
    answers: [row("Reason", change.reason)],
  };
}

// ---------- transfer an arrived resident ----------

export const TRANSFER_FIELDS = {
  premisesId: { href: "#premisesId", label: "Premises" },
  bedId: { href: "#bedId", label: "Bed" },
  date: { href: "#date-day", label: "Transfer date" },
  reason: { href: "#reason", label: "Reason" },
  emergency: { href: "#emergency", label: "Emergency transfer" },
  bufferOverrideReason: { href: "#bufferOverrideReason", label: "Reason for cutting the buffer short" },
  riskMixOverrideReason: { href: "#riskMixOverrideReason", label: "Reason for exceeding the risk limits" },
} satisfies Record<string, FieldSpec>;

export interface TransferValues {
  premisesId: string;
  bedId: string;
  date: DateParts;
  reason: string;
  /** "yes", "no" or "" (not answered). */
  emergency: string;
  bufferOverrideReason: string;
  riskMixOverrideReason: string;
}

const yesNo = (v: boolean | undefined) => (v === undefined ? "" : v ? "yes" : "no");

export const transferValuesOf = (pending: Partial<TransferInput> = {}, premisesId = ""): TransferValues => ({
  premisesId: pending.premisesId ?? premisesId,
  bedId: pending.bedId ?? "",
  date: dateParts(pending.date),
  reason: pending.reason ?? "",
  emergency: yesNo(pending.emergency),
  bufferOverrideReason: pending.bufferOverrideReason ?? "",
  riskMixOverrideReason: pending.riskMixOverrideReason ?? "",
});

export const transferValuesFromForm = (form: FormFields): TransferValues => ({
  premisesId: fieldText(form, "premisesId"),
  bedId: fieldText(form, "bedId"),
  date: typedDateParts(form, "date"),
  reason: fieldText(form, "reason"),
  emergency: fieldText(form, "emergency"),
  bufferOverrideReason: fieldText(form, "bufferOverrideReason"),
  riskMixOverrideReason: fieldText(form, "riskMixOverrideReason"),
});

/** Yes and no become the body's boolean; anything else goes to the schema as it came. */
export const transferCandidate = (v: TransferValues): Record<string, unknown> => ({
  premisesId: v.premisesId,
  bedId: v.bedId,
  date: dateOfParts(v.date),
  reason: v.reason,
  emergency: v.emergency === "yes" ? true : v.emergency === "no" ? false : v.emergency || undefined,
  // The overrides are asked for only after the operation refused without them: blank is "not given".
  bufferOverrideReason: v.bufferOverrideReason || undefined,
  riskMixOverrideReason: v.riskMixOverrideReason || undefined,
});

interface PremisesChoice {
  premisesId: string;
  name: string;
  area: string;
}

/**
 * The transfer form. Without JavaScript the bed list cannot follow a premises chosen in the
 * same form, so the premises is chosen first (a GET form that reloads this page) and the
 * chosen premises' beds are offered below: every bed that is not archived by the transfer
 * (the operation checks the nights, the buffer and the risk mix), but the one the resident is in.
 */
export function transferPage(input: {
  booking: StayOf & Pick<Booking, "premisesId">;
  fromPremisesName: string;
  premises: readonly PremisesChoice[];
  target?: { premisesId: string; name: string; beds: readonly Bed[] };
  values: TransferValues;
  today: string;
  needsBufferReason?: boolean;
  needsRiskMixReason?: boolean;
}) {
  const b = input.booking;
  const v = input.values;
  const chosen = input.target?.premisesId ?? "";
  const beds = (input.target?.beds ?? []).filter(
    (bed) =>
      (bed.archivedFrom === undefined || bed.archivedFrom > input.today) &&
      !(chosen === b.premisesId && bed.bedId === b.bedId),
  );
  return {
    title: `Transfer the resident – ${b.person.crn} – Approved Premises`,
    caption: `${b.person.name} (${b.person.crn})`,
    current: [
      row("Premises", input.fromPremisesName),
      row("Bed", b.bedId),
      row("Arrived", formatDate(b.arrivalDate)),
      row("Planned departure", formatDate(b.departureDate)),
    ],
    premisesItems: [
      { value: "", text: "Choose premises", selected: chosen === "" },
      ...[...input.premises]
        .sort((x, y) => x.name.localeCompare(y.name))
        .map((p) => ({
          value: p.premisesId,
          text: `${p.name} (${AREAS[p.area as keyof typeof AREAS] ?? p.area})`,
          selected: p.premisesId === chosen,
        })),
    ],
    target: input.target ? { premisesId: input.target.premisesId, name: input.target.name } : undefined,
    bedItems: beds.map((bed) => ({
      value: bed.bedId,
      text: `Bed ${bed.bedId} (room ${bed.room})`,
      checked: bed.bedId === v.bedId,
      ...(bed.characteristics.length
        ? { hint: { text: bed.characteristics.map((c) => ROOM_CHARACTERISTICS[c] ?? c).join(", ") } }
        : {}),
    })),
    emergencyItems: [
      { value: "yes", text: "Yes", checked: v.emergency === "yes" },
      { value: "no", text: "No", checked: v.emergency === "no" },
    ],
    values: v,
    needsBufferReason: input.needsBufferReason === true || v.bufferOverrideReason !== "",
    needsRiskMixReason: input.needsRiskMixReason === true || v.riskMixOverrideReason !== "",
  };
}

export function transferAnswers(input: {
  booking: StayOf;
  fromPremisesName: string;
  toPremisesName: string;
  transfer: TransferInput;
}) {
  const { booking: b, transfer: t } = input;
  return [
    row("From", `${input.fromPremisesName}, bed ${b.bedId}`),
    row("To", `${input.toPremisesName}, bed ${t.bedId}`),
    row("Transfer date", formatDate(t.date)),
    row("Planned departure", `${formatDate(b.departureDate)} (unchanged)`),
    row("Emergency transfer", t.emergency ? "Yes" : "No"),
    row("Reason", t.reason),
    ...(t.bufferOverrideReason ? [row("Reason for cutting the buffer short", t.bufferOverrideReason)] : []),
    ...(t.riskMixOverrideReason
      ? [row("Reason for exceeding the risk limits", t.riskMixOverrideReason)]
      : []),
  ];
}

// ---------- change the referral's details ----------

export const REFERRAL_CHANGE_FIELDS = {
  expectedArrivalDate: { href: "#expectedArrivalDate-day", label: "Release date" },
  riskOfSeriousHarm: { href: "#riskOfSeriousHarm", label: "Risk of serious harm" },
  mappaLevel: { href: "#mappaLevel", label: "MAPPA level" },
  licenceEndDate: { href: "#licenceEndDate-day", label: "Licence end date" },
  hdcEndDate: { href: "#hdcEndDate-day", label: "HDC end date" },
  notes: { href: "#notes", label: "Notes" },
} satisfies Record<string, FieldSpec>;

type ChangeKey = keyof typeof REFERRAL_CHANGE_FIELDS;
const CHANGE_KEYS = Object.keys(REFERRAL_CHANGE_FIELDS) as ChangeKey[];
const DATE_KEYS = ["expectedArrivalDate", "licenceEndDate", "hdcEndDate"] as const;

export interface ReferralChangeValues {
  expectedArrivalDate: DateParts;
  riskOfSeriousHarm: string;
  mappaLevel: string;
  licenceEndDate: DateParts;
  hdcEndDate: DateParts;
  notes: string;
}

type Changeable = Pick<
  Referral,
  "expectedArrivalDate" | "riskOfSeriousHarm" | "mappaLevel" | "licenceEndDate" | "hdcEndDate" | "notes"
>;

/** The form prefilled from the referral, with any change waiting for confirmation laid over it. */
export function referralChangeValuesOf(
  referral: Changeable,
  pending: ReferralChange = {},
): ReferralChangeValues {
  const r = { ...referral, ...pending };
  return {
    expectedArrivalDate: dateParts(r.expectedArrivalDate),
    riskOfSeriousHarm: r.riskOfSeriousHarm,
    mappaLevel: r.mappaLevel === undefined ? "" : String(r.mappaLevel),
    licenceEndDate: dateParts(r.licenceEndDate),
    hdcEndDate: dateParts(r.hdcEndDate),
    notes: r.notes ?? "",
  };
}

export const referralChangeValuesFromForm = (form: FormFields): ReferralChangeValues => ({
  expectedArrivalDate: typedDateParts(form, "expectedArrivalDate"),
  riskOfSeriousHarm: fieldText(form, "riskOfSeriousHarm"),
  mappaLevel: fieldText(form, "mappaLevel"),
  licenceEndDate: typedDateParts(form, "licenceEndDate"),
  hdcEndDate: typedDateParts(form, "hdcEndDate"),
  // Notes keep their inner line breaks; only the ends are trimmed.
  notes: fieldText(form, "notes"),
});

/**
 * Only what differs from the referral goes into the change: the PATCH names what changes and
 * the check page lists those alone. A date or a level cleared that the referral has goes to
 * the schema blank, so it says why it cannot be (the PATCH has no way to remove them); notes
 * cleared are an empty note.
 */
export function referralChangeCandidate(
  referral: Changeable,
  v: ReferralChangeValues,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DATE_KEYS) {
    const typed = dateOfParts(v[k]);
    if (typed === undefined) {
      if (referral[k] !== undefined) out[k] = "";
    } else if (typed !== referral[k]) out[k] = typed;
  }
  if (v.riskOfSeriousHarm !== referral.riskOfSeriousHarm) out.riskOfSeriousHarm = v.riskOfSeriousHarm;
  const mappa = /^\d$/.test(v.mappaLevel) ? Number(v.mappaLevel) : v.mappaLevel;
  if (mappa !== (referral.mappaLevel ?? "")) out.mappaLevel = mappa === "" ? null : mappa;
  if (v.notes !== (referral.notes ?? "")) out.notes = v.notes;
  return out;
}

/**
 * The schema's refusals keyed to the inputs; its refusal of the whole body (nothing changed)
 * is a sentence of its own, linked to the first input.
 */
export function referralChangeErrors(invalid: readonly InvalidParam[]): FormErrors {
  const whole = invalid.filter((p) => p.name === "body" || p.name === "");
  const errors = invalidFormErrors(
    invalid.filter((p) => !whole.includes(p)),
    REFERRAL_CHANGE_FIELDS,
    { order: "form" },
  );
  if (whole.length === 0) return errors;
  const extra = whole.map((p) => ({
    text: sentence(p.reason),
    href: REFERRAL_CHANGE_FIELDS.expectedArrivalDate.href,
  }));
  return { summary: [...(errors.summary.length ? errors.summary : []), ...extra], fields: errors.fields };
}

const dateText = (d: string | undefined) => (d ? formatDate(d) : "Not given");
const showValue: Record<ChangeKey, (r: Partial<Changeable>) => string> = {
  expectedArrivalDate: (r) => dateText(r.expectedArrivalDate),
  riskOfSeriousHarm: (r) => (r.riskOfSeriousHarm ? RISK_LEVELS[r.riskOfSeriousHarm] : "Not given"),
  mappaLevel: (r) => (r.mappaLevel ? `Level ${r.mappaLevel}` : "None"),
  licenceEndDate: (r) => dateText(r.licenceEndDate),
  hdcEndDate: (r) => dateText(r.hdcEndDate),
  notes: (r) => r.notes || "None",
};

export function referralChangePage(input: {
  referral: Changeable & Pick<Referral, "person" | "releaseType" | "status" | "placement">;
  values: ReferralChangeValues;
}) {
  const r = input.referral;
  const v = input.values;
  return {
    title: `Change referral details – ${r.person.crn} – Approved Premises`,
    caption: `${r.person.name} (${r.person.crn})`,
    values: v,
    risks: Object.entries(RISK_LEVELS).map(([value, text]) => ({
      value,
      text,
      checked: v.riskOfSeriousHarm === value,
    })),
    // The change can set or raise a MAPPA level, never remove one: "None" only while there is none.
    mappaLevels: [
      ...(r.mappaLevel === undefined ? [{ value: "", text: "None", checked: v.mappaLevel === "" }] : []),
      ...["1", "2", "3"].map((l) => ({ value: l, text: `Level ${l}`, checked: v.mappaLevel === l })),
    ],
    showHdc: r.releaseType === "hdc" || r.hdcEndDate !== undefined,
    placedHint:
      r.placement && (r.status === "allocated" || r.status === "arrived")
        ? `The booking keeps its dates (arrival ${formatDate(r.placement.arrivalDate)}); after the change you are told whether it still fits the release date.`
        : undefined,
  };
}

/** The changed fields only, what they are now beside what they become. */
export function referralChangeAnswers(referral: Changeable, change: ReferralChange): Comparison {
  const keys = CHANGE_KEYS.filter((k) => k in change);
  return comparison(
    "Detail",
    keys.map((k) => [
      REFERRAL_CHANGE_FIELDS[k].label,
      showValue[k](referral),
      showValue[k]({ ...referral, ...change }),
    ]),
  );
}

/**
 * The service's answer, when the release date moved while a booking stands, as the banner on
 * the referral page: whether the booking still fits, in dates as GOV.UK writes them.
 */
export function bookingFitFlash(result: {
  referral: Pick<Referral, "person" | "expectedArrivalDate" | "placement">;
  bookingFit?: { fits: boolean };
}): { kind: "success" | "important"; title: string; text: string } {
  const { referral: r, bookingFit } = result;
  if (!bookingFit || !r.placement)
    return {
      kind: "success",
      title: "Referral details changed",
      text: `${r.person.name}'s referral is up to date.`,
    };
  const release = formatDate(r.expectedArrivalDate);
  const arrival = formatDate(r.placement.arrivalDate);
  return bookingFit.fits
    ? {
        kind: "success",
        title: "Referral details changed",
        text: `The booking still fits: it arrives on the release date, ${release}.`,
      }
    : {
        kind: "important",
        title: "The booking no longer fits the release date",
        text: `The release date is now ${release} but the booking arrives on ${arrival}. Change the booking's dates.`,
      };
}
