import type { InvalidParam } from "../../domain/errors.js";
import {
  AREAS,
  GENDERS,
  PREMISES_CHARACTERISTICS,
  RELEASE_TYPES,
  RISK_LEVELS,
  ROOM_CHARACTERISTICS,
} from "../../domain/vocabulary.js";
import { type CreateReferral, createReferralBody } from "../../schemas/referrals.js";
import { type FieldSpec, type FormErrors, invalidFormErrors, problemOfZod } from "../error-summary.js";
import {
  type DateParts,
  dateOfParts,
  dateParts,
  type FormFields,
  fields,
  fieldText,
  typedDateParts,
} from "../forms.js";

export type Parsed<T> = { ok: true; data: T } | { ok: false; invalid: InvalidParam[] };

/**
 * The "Submit a referral" form: every field of POST /referrals. Inputs are named after the
 * body's fields (a date input's boxes `{field}-day|month|year`); the form maps them to a
 * candidate body and lets `createReferralBody` judge it, so nothing is validated here.
 */
export interface ReferralFormValues {
  crn: string;
  nomsNumber: string;
  name: string;
  dateOfBirth: DateParts;
  gender: string;
  riskOfSeriousHarm: string;
  mappaLevel: string;
  releaseType: string;
  expectedArrivalDate: DateParts;
  expectedDepartureDate: DateParts;
  licenceEndDate: DateParts;
  hdcEndDate: DateParts;
  area: string;
  preferredPremisesIds: string[];
  requiredCharacteristics: string[];
  homelessIfNotPlaced: string;
  notes: string;
}

const DATE_FIELDS = ["expectedArrivalDate", "expectedDepartureDate", "licenceEndDate", "hdcEndDate"] as const;

/** The fields in the order the form shows them, keyed by the API's names for them. */
export const REFERRAL_FORM_FIELDS: Record<string, FieldSpec> = {
  "person.crn": { href: "#crn", label: "CRN" },
  "person.nomsNumber": { href: "#nomsNumber", label: "Prison number" },
  "person.name": { href: "#name", label: "Full name" },
  "person.dateOfBirth": { href: "#dateOfBirth-day", label: "Date of birth" },
  "person.gender": { href: "#gender", label: "Gender" },
  riskOfSeriousHarm: { href: "#riskOfSeriousHarm", label: "Risk of serious harm" },
  mappaLevel: { href: "#mappaLevel", label: "MAPPA level" },
  releaseType: { href: "#releaseType", label: "Release type" },
  expectedArrivalDate: { href: "#expectedArrivalDate-day", label: "Expected arrival date" },
  expectedDepartureDate: { href: "#expectedDepartureDate-day", label: "Expected departure date" },
  licenceEndDate: { href: "#licenceEndDate-day", label: "Licence end date" },
  hdcEndDate: { href: "#hdcEndDate-day", label: "HDC end date" },
  area: { href: "#area", label: "CRU area" },
  preferredPremisesIds: { href: "#preferredPremisesIds", label: "Preferred premises" },
  requiredCharacteristics: { href: "#requiredCharacteristics", label: "Required characteristics" },
  homelessIfNotPlaced: { href: "#homelessIfNotPlaced", label: "Homeless if not placed" },
  notes: { href: "#notes", label: "Notes" },
};

export function referralFormValues(form: FormFields): ReferralFormValues {
  return {
    crn: fieldText(form, "crn"),
    nomsNumber: fieldText(form, "nomsNumber"),
    name: fieldText(form, "name"),
    dateOfBirth: typedDateParts(form, "dateOfBirth"),
    gender: fieldText(form, "gender"),
    riskOfSeriousHarm: fieldText(form, "riskOfSeriousHarm"),
    mappaLevel: fieldText(form, "mappaLevel"),
    releaseType: fieldText(form, "releaseType"),
    expectedArrivalDate: typedDateParts(form, "expectedArrivalDate"),
    expectedDepartureDate: typedDateParts(form, "expectedDepartureDate"),
    licenceEndDate: typedDateParts(form, "licenceEndDate"),
    hdcEndDate: typedDateParts(form, "hdcEndDate"),
    area: fieldText(form, "area"),
    preferredPremisesIds: fields(form, "preferredPremisesIds"),
    requiredCharacteristics: fields(form, "requiredCharacteristics"),
    homelessIfNotPlaced: fieldText(form, "homelessIfNotPlaced"),
    notes: fieldText(form, "notes"),
  };
}

const optional = (value: string) => (value === "" ? undefined : value);

/** A radio's value as the body's type: "2" is MAPPA level 2, anything else goes to the schema as typed. */
const mappaOf = (value: string): unknown =>
  value === "" ? undefined : /^\d$/.test(value) ? Number(value) : value;
const yesNo = (value: string): unknown => (value === "yes" ? true : value === "no" ? false : optional(value));

/** The body the form's values spell; blanks are fields left out, never empty strings. */
export function candidateReferralBody(values: ReferralFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    person: dropUndefined({
      crn: optional(values.crn),
      nomsNumber: optional(values.nomsNumber),
      name: optional(values.name),
      dateOfBirth: dateOfParts(values.dateOfBirth),
      gender: optional(values.gender),
    }),
    riskOfSeriousHarm: optional(values.riskOfSeriousHarm),
    mappaLevel: mappaOf(values.mappaLevel),
    releaseType: optional(values.releaseType),
    area: optional(values.area),
    preferredPremisesIds: values.preferredPremisesIds.length ? values.preferredPremisesIds : undefined,
    requiredCharacteristics: values.requiredCharacteristics.length
      ? values.requiredCharacteristics
      : undefined,
    homelessIfNotPlaced: yesNo(values.homelessIfNotPlaced),
    notes: optional(values.notes),
  };
  for (const field of DATE_FIELDS) body[field] = dateOfParts(values[field]);
  return dropUndefined(body);
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The posted form as the POST /referrals body, or what is wrong with it in the schema's words. */
export function referralBodyFromForm(form: FormFields): Parsed<CreateReferral> {
  const parsed = createReferralBody.safeParse(candidateReferralBody(referralFormValues(form)));
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, invalid: problemOfZod(parsed.error).invalidParams ?? [] };
}

/** The form filled in from a body (a referral to copy, or a test's round trip). */
export function referralFormFromBody(body: CreateReferral): ReferralFormValues {
  return {
    crn: body.person.crn,
    nomsNumber: body.person.nomsNumber ?? "",
    name: body.person.name,
    dateOfBirth: dateParts(body.person.dateOfBirth),
    gender: body.person.gender,
    riskOfSeriousHarm: body.riskOfSeriousHarm,
    mappaLevel: body.mappaLevel === undefined ? "" : String(body.mappaLevel),
    releaseType: body.releaseType,
    expectedArrivalDate: dateParts(body.expectedArrivalDate),
    expectedDepartureDate: dateParts(body.expectedDepartureDate),
    licenceEndDate: dateParts(body.licenceEndDate),
    hdcEndDate: dateParts(body.hdcEndDate),
    area: body.area,
    preferredPremisesIds: body.preferredPremisesIds ?? [],
    requiredCharacteristics: body.requiredCharacteristics ?? [],
    homelessIfNotPlaced: body.homelessIfNotPlaced ? "yes" : "no",
    notes: body.notes ?? "",
  };
}

/** The values as a browser would post them (what `referralFormValues` reads). */
export function referralFormBody(values: ReferralFormValues): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    crn: values.crn,
    nomsNumber: values.nomsNumber,
    name: values.name,
    gender: values.gender,
    riskOfSeriousHarm: values.riskOfSeriousHarm,
    mappaLevel: values.mappaLevel,
    releaseType: values.releaseType,
    area: values.area,
    preferredPremisesIds: values.preferredPremisesIds,
    requiredCharacteristics: values.requiredCharacteristics,
    homelessIfNotPlaced: values.homelessIfNotPlaced,
    notes: values.notes,
  };
  for (const field of ["dateOfBirth", ...DATE_FIELDS] as const) {
    out[`${field}-day`] = values[field].day;
    out[`${field}-month`] = values[field].month;
    out[`${field}-year`] = values[field].year;
  }
  return out;
}

export const EMPTY_REFERRAL_FORM: ReferralFormValues = referralFormValues({});

interface Choice {
  value: string;
  text: string;
  checked?: boolean;
  selected?: boolean;
}

const choices = (
  labels: Readonly<Record<string, string>>,
  chosen: readonly string[],
  key: "checked" | "selected",
) =>
  Object.entries(labels).map(([value, text]) => ({ value, text, [key]: chosen.includes(value) }) as Choice);

export interface ReferralFormPage {
  title: string;
  values: ReferralFormValues;
  errors: FormErrors;
  genders: Choice[];
  risks: Choice[];
  mappaLevels: Choice[];
  releaseTypes: Choice[];
  areas: Choice[];
  premises: Choice[];
  roomCharacteristics: Choice[];
  premisesCharacteristics: Choice[];
  homeless: Choice[];
}

/**
 * Everything the template needs to draw the form: the values as typed, the errors keyed to
 * the inputs, and every choice with its label from the vocabulary.
 */
export function referralFormPage(input: {
  values?: ReferralFormValues;
  invalid?: readonly InvalidParam[];
  premises: readonly { premisesId: string; name: string; area: string }[];
}): ReferralFormPage {
  const values = input.values ?? EMPTY_REFERRAL_FORM;
  const errors = invalidFormErrors(input.invalid, REFERRAL_FORM_FIELDS);
  const premisesLabels = Object.fromEntries(
    [...input.premises]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => [p.premisesId, `${p.name} (${AREAS[p.area as keyof typeof AREAS] ?? p.area})`]),
  );
  return {
    title: `${errors.summary.length ? "Error: " : ""}Submit a referral – Approved Premises`,
    values,
    errors,
    genders: choices(GENDERS, [values.gender], "checked"),
    risks: choices(RISK_LEVELS, [values.riskOfSeriousHarm], "checked"),
    mappaLevels: [
      { value: "", text: "None", checked: values.mappaLevel === "" },
      ...["1", "2", "3"].map((l) => ({ value: l, text: `Level ${l}`, checked: values.mappaLevel === l })),
    ],
    releaseTypes: choices(RELEASE_TYPES, [values.releaseType], "checked"),
    areas: [
      { value: "", text: "Choose an area", selected: values.area === "" },
      ...choices(AREAS, [values.area], "selected"),
    ],
    premises: choices(premisesLabels, values.preferredPremisesIds, "checked"),
    roomCharacteristics: choices(ROOM_CHARACTERISTICS, values.requiredCharacteristics, "checked"),
    premisesCharacteristics: choices(PREMISES_CHARACTERISTICS, values.requiredCharacteristics, "checked"),
    homeless: [
      { value: "yes", text: "Yes", checked: values.homelessIfNotPlaced === "yes" },
      { value: "no", text: "No", checked: values.homelessIfNotPlaced === "no" },
    ],
  };
}
