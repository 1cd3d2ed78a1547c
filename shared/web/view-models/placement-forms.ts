import type { PremisesAction } from "../../domain/booking-actions.js";
import {
  DEPARTURE_REASONS,
  DUTY_TO_REFER_OUTCOMES,
  MOVE_ON_CATEGORIES,
  MOVE_ON_STATUSES,
  NON_ARRIVAL_REASONS,
  PLACEMENT_CONCERN_REASONS,
  PLACEMENT_REVIEW_DECISIONS,
  PRE_ARRIVAL_ITEM_STATUSES,
  STAY_REDUCTION_DECISIONS,
} from "../../domain/vocabulary.js";
import {
  type FieldSpec,
  type FormErrors,
  formErrors,
  lowerFirst,
  type ProblemDetails,
  readable,
} from "../error-summary.js";
import {
  dateOfParts,
  dateParts,
  type FormFields,
  fieldText,
  filledFields,
  typedDateParts,
} from "../forms.js";
import { formatDate, formatDatesIn } from "./govuk-dates.js";

/**
 * The placement page's forms: which API field each input fills and what it is called on
 * screen. Nothing here judges a value: a form becomes the candidate body of the operation,
 * the API's own zod schema checks it, and its problem details come back as the GOV.UK error
 * summary. Blank inputs are "not given", so the schema's own "is required" speaks.
 */
export interface PlacementForm {
  /** API field name → label and summary link, in the order the form shows them. */
  fields: Record<string, FieldSpec>;
  /** Fields entered with the GOV.UK date input (`name-day`, `name-month`, `name-year`). */
  dates?: readonly string[];
  /** Fields with several values (checkboxes). */
  multi?: readonly string[];
  /** Adjusts the candidate to what the form means (a concern's reasons only with a concern). */
  adjust?: (candidate: Record<string, unknown>) => Record<string, unknown>;
}

const date = (label: string, name: string): FieldSpec => ({ label, href: `#${name}-day` });

export const FORMS = {
  arrival: { fields: { arrivalDate: date("Arrival date", "arrivalDate") }, dates: ["arrivalDate"] },
  "non-arrival": {
    fields: { reason: { label: "Reason" }, notes: { label: "Notes" } },
  },
  extension: {
    fields: { departureDate: date("New departure date", "departureDate"), reason: { label: "Reason" } },
    dates: ["departureDate"],
  },
  departure: {
    fields: {
      departureDate: date("Departure date", "departureDate"),
      reason: { label: "Reason" },
      notes: { label: "Notes" },
    },
    dates: ["departureDate"],
  },
  "departure-move-on": { fields: { moveOnCategory: { label: "Where they moved on to" } } },
  cancellation: { fields: { reason: { label: "Reason" } } },
  "move-on": {
    fields: {
      status: { label: "Status" },
      category: { label: "Category" },
      address: { label: "Address" },
      availableFrom: date("Available from", "availableFrom"),
      availableUntil: date("Available until", "availableUntil"),
      dutyToReferDate: date("Duty to Refer date", "dutyToReferDate"),
      dutyToReferOutcome: { label: "Duty to Refer outcome" },
      localAuthority: { label: "Local authority" },
      notes: { label: "Notes" },
    },
    dates: ["availableFrom", "availableUntil", "dutyToReferDate"],
  },
  "pre-arrival": {
    fields: { status: { label: "Status" }, keyWorker: { label: "Key worker" }, note: { label: "Note" } },
  },
  review: {
    fields: { decision: { label: "Decision" }, reasons: { label: "Reasons" }, note: { label: "Note" } },
    multi: ["reasons"],
    adjust: (c) => (c.decision === "concern" ? c : { ...c, reasons: undefined }),
  },
  "stay-reduction": { fields: { decision: { label: "Decision" }, reason: { label: "Reason" } } },
} as const satisfies Record<string, PlacementForm>;

export type FormKey = keyof typeof FORMS;

const spec = (key: FormKey): PlacementForm => FORMS[key];

/** What the form was filled in with, as the operation's body (blank inputs left out). */
export function candidateOf(key: FormKey, form: FormFields): Record<string, unknown> {
  const s = spec(key);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(s.fields)) {
    let v: unknown;
    if (s.dates?.includes(name)) v = dateOfParts(typedDateParts(form, name));
    else if (s.multi?.includes(name))
      v = filledFields(form, name).length ? filledFields(form, name) : undefined;
    else v = fieldText(form, name) || undefined;
    if (v !== undefined) out[name] = v;
  }
  const adjusted = s.adjust ? s.adjust(out) : out;
  return Object.fromEntries(Object.entries(adjusted).filter(([, v]) => v !== undefined));
}

/** The inputs' values to show again: as typed after an error, or from answers held for checking. */
export function valuesOf(key: FormKey, from: { form: FormFields } | { body: Record<string, unknown> }) {
  const s = spec(key);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(s.fields)) {
    if ("form" in from) {
      out[name] = s.dates?.includes(name)
        ? typedDateParts(from.form, name)
        : s.multi?.includes(name)
          ? filledFields(from.form, name)
          : fieldText(from.form, name);
    } else {
      const v = from.body[name];
      out[name] = s.dates?.includes(name)
        ? dateParts(typeof v === "string" ? v : undefined)
        : s.multi?.includes(name)
          ? (v ?? [])
          : (v ?? "");
    }
  }
  return out;
}

/**
 * The problem details the operation gave, as the form's error summary: ISO dates become GOV.UK
 * dates here; formErrors puts each name on the input it belongs to (`reasons.1` on the
 * `reasons` checkboxes) and reads API names inside a reason ("must be after availableFrom") as
 * the labels the user sees. A problem with no invalid params shows its detail, read the same way.
 */
export function placementFormErrors(key: FormKey, problem: ProblemDetails): FormErrors {
  const fields: Record<string, FieldSpec> = spec(key).fields;
  return formErrors(
    {
      ...problem,
      detail: readable(formatDatesIn(problem.detail), fields),
      invalidParams: problem.invalidParams?.map((p) => ({ ...p, reason: formatDatesIn(p.reason) })),
    },
    fields,
  );
}

// ---------- choices, from the vocabulary ----------

interface Choice {
  value: string;
  text: string;
  checked?: boolean;
  selected?: boolean;
}

const choices = (labels: Record<string, string>, chosen: unknown, attr: "checked" | "selected"): Choice[] => {
  const set = new Set(Array.isArray(chosen) ? chosen.map(String) : [String(chosen ?? "")]);
  return Object.entries(labels).map(([value, text]) => ({ value, text, [attr]: set.has(value) }));
};

export const radios = (labels: Record<string, string>, chosen: unknown) => choices(labels, chosen, "checked");
/** A select with a first "Choose" option, so nothing is chosen for the person. */
export const selectItems = (labels: Record<string, string>, chosen: unknown) => [
  { value: "", text: "Choose" },
  ...choices(labels, chosen, "selected"),
];

export const CHOICES = {
  nonArrivalReasons: NON_ARRIVAL_REASONS,
  departureReasons: DEPARTURE_REASONS,
  moveOnCategories: MOVE_ON_CATEGORIES,
  moveOnStatuses: MOVE_ON_STATUSES,
  dutyToReferOutcomes: DUTY_TO_REFER_OUTCOMES,
  itemStatuses: PRE_ARRIVAL_ITEM_STATUSES,
  reviewDecisions: PLACEMENT_REVIEW_DECISIONS,
  concernReasons: PLACEMENT_CONCERN_REASONS,
  stayReductionDecisions: STAY_REDUCTION_DECISIONS,
} as const;

// ---------- check your answers ----------

export interface AnswerRow {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

const answer = (key: string, text: string | undefined, change?: string): AnswerRow => ({
  key: { text: key },
  value: { text: text || "None given" },
  ...(change
    ? { actions: { items: [{ href: change, text: "Change", visuallyHiddenText: lowerFirst(key) }] } }
    : {}),
});

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const labelled = (labels: Record<string, string>, v: unknown) => {
  const s = str(v);
  return s === undefined ? undefined : (labels[s] ?? s);
};

/** The consequential actions: what is about to be recorded, each answer with a link to change it. */
export type CheckedAction = "non-arrival" | "departure" | "cancellation" | "stay-reduction";

export function checkRows(
  action: CheckedAction,
  body: Record<string, unknown>,
  links: { form: string; moveOn?: string },
  context: { currentDepartureDate?: string; newDepartureDate?: string } = {},
): AnswerRow[] {
  const d = (v: unknown) => (str(v) ? formatDate(str(v)!) : undefined);
  switch (action) {
    case "non-arrival":
      return [
        answer("Reason", labelled(NON_ARRIVAL_REASONS, body.reason), `${links.form}#reason`),
        answer("Notes", str(body.notes), `${links.form}#notes`),
      ];
    case "departure":
      return [
        answer("Departure date", d(body.departureDate), `${links.form}#departureDate-day`),
        answer("Reason", labelled(DEPARTURE_REASONS, body.reason), `${links.form}#reason`),
        ...(body.moveOnCategory !== undefined || links.moveOn
          ? [
              answer(
                "Where they moved on to",
                labelled(MOVE_ON_CATEGORIES, body.moveOnCategory),
                links.moveOn ?? links.form,
              ),
            ]
          : []),
        answer("Notes", str(body.notes), `${links.form}#notes`),
      ];
    case "cancellation":
      return [answer("Reason", str(body.reason), `${links.form}#reason`)];
    case "stay-reduction":
      return [
        answer("Current departure", d(context.currentDepartureDate)),
        answer("New departure", d(context.newDepartureDate)),
        answer("Decision", labelled(STAY_REDUCTION_DECISIONS, body.decision), `${links.form}#decision`),
        answer("Reason", str(body.reason), `${links.form}#reason`),
      ];
  }
}

/** The check page's heading and button, by action. */
export const CHECK_TEXT: Record<CheckedAction, { heading: string; button: string }> = {
  "non-arrival": { heading: "Check the non-arrival before recording it", button: "Record non-arrival" },
  departure: { heading: "Check the departure before recording it", button: "Record departure" },
  cancellation: { heading: "Check the cancellation before confirming it", button: "Cancel booking" },
  "stay-reduction": { heading: "Check your decision before sending it", button: "Confirm decision" },
};

/** What the page says once an action is recorded. */
export const DONE_TEXT: Record<
  PremisesAction | "move-on" | "pre-arrival" | "review" | "stay-reduction",
  string
> = {
  arrival: "Arrival recorded",
  "non-arrival": "Non-arrival recorded",
  extension: "Stay extended",
  departure: "Departure recorded",
  cancellation: "Booking cancelled",
  "move-on": "Move-on plan saved",
  "pre-arrival": "Pre-arrival checklist updated",
  review: "Placement review recorded",
  "stay-reduction": "Stay reduction decided",
};
