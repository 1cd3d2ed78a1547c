import * as z from "zod";
import { isDomainError } from "../../domain/errors.js";
import { id } from "../../schemas/common.js";
import { outOfServiceBody } from "../../schemas/premises.js";
import { createOutOfService, getPremises } from "../../services/premises-service.js";
import { type FormErrors, formOrderErrors, NO_ERRORS, parseWith } from "../error-summary.js";
import { dateOfParts, fieldText, typedDateParts } from "../forms.js";
import type { Controller, PageRequest } from "../page.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { layoutModel } from "../view-models/layout.js";
import {
  conflictErrors,
  EMPTY_OUT_OF_SERVICE,
  OUT_OF_SERVICE_FIELDS,
  type OutOfServiceValues,
  outOfServiceFormModel,
  outOfServicePath,
} from "../view-models/out-of-service.js";
import { premisesNav } from "../view-models/premises-nav.js";

/** The bed is in the API's path, so the form judges it with the path's own schema. */
const bedChoice = z.strictObject({ bedId: id });

async function form(req: PageRequest, values: OutOfServiceValues, errors: FormErrors, status = 200) {
  const { premisesId } = req.params as { premisesId: string };
  const premises = await getPremises(premisesId);
  return {
    render: "pages/premises/out-of-service-new.njk",
    status,
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: ["Take a bed out of service", premises.name],
        hasErrors: errors.summary.length > 0,
      }),
      ...outOfServiceFormModel({ premises, values, errors }),
      nav: premisesNav(premisesId, "out-of-service-beds"),
    },
  };
}

export const newOutOfService: Controller = (req) => form(req, EMPTY_OUT_OF_SERVICE, NO_ERRORS);

export const postOutOfService: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const values: OutOfServiceValues = {
    bedId: fieldText(req.form, "bedId"),
    startDate: typedDateParts(req.form, "startDate"),
    endDate: typedDateParts(req.form, "endDate"),
    reason: fieldText(req.form, "reason"),
    notes: fieldText(req.form, "notes"),
  };
  const bed = parseWith(bedChoice, { bedId: values.bedId || undefined });
  const body = parseWith(outOfServiceBody, {
    startDate: dateOfParts(values.startDate),
    endDate: dateOfParts(values.endDate),
    reason: values.reason || undefined,
    ...(values.notes ? { notes: values.notes } : {}),
  });
  if (!bed.ok || !body.ok) {
    const invalid = [...(bed.ok ? [] : bed.invalid), ...(body.ok ? [] : body.invalid)];
    return form(req, values, formOrderErrors(invalid, OUT_OF_SERVICE_FIELDS), 400);
  }
  try {
    await createOutOfService(premisesId, bed.data.bedId, body.data, req.principal);
  } catch (err) {
    if (isDomainError(err) && err.kind === "conflict") {
      return form(req, values, conflictErrors(err.message, err.conflicts), 409);
    }
    if (isDomainError(err) && err.kind === "invalid") {
      const errors = err.invalidParams?.length
        ? formOrderErrors(err.invalidParams, OUT_OF_SERVICE_FIELDS)
        : { summary: [{ text: err.message, href: "#main-content" }], fields: {} };
      return form(req, values, errors, 400);
    }
    throw err;
  }
  return {
    redirect: outOfServicePath(premisesId),
    flash: {
      kind: "success",
      title: `Bed ${bed.data.bedId} is out of service`,
      text: `From ${formatDate(body.data.startDate)} to ${formatDate(body.data.endDate)}.`,
    },
  };
};
