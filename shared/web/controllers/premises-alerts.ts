import { today } from "../../domain/clock.js";
import { isDomainError } from "../../domain/errors.js";
import { alertIdParam } from "../../schemas/alerts.js";
import { acknowledgeAlert, listAlerts } from "../../services/alerts-service.js";
import { getPremises } from "../../services/premises-service.js";
import { formOrderErrors, NO_ERRORS, parseWith } from "../error-summary.js";
import { optionalText } from "../forms.js";
import type { Controller, PageRequest } from "../page.js";
import { csvDownload } from "../view-models/csv.js";
import { layoutModel } from "../view-models/layout.js";
import {
  type AlertsFilter,
  alertRows,
  alertsCsv,
  alertsFilterSchema,
  alertsPageModel,
  alertsPath,
} from "../view-models/premises-alerts.js";
import { premisesNav } from "../view-models/premises-nav.js";

/** A premises has tens of alerts open at most; this bounds a long history of resolved ones. */
const MAX_PAGES = 10;

const FILTER_FIELDS = {
  status: { href: "#status", label: "Status" },
  kind: { href: "#kind", label: "Kind" },
} as const;

function filterOf(req: PageRequest) {
  return parseWith(alertsFilterSchema, {
    status: optionalText(req.query, "status"),
    kind: optionalText(req.query, "kind"),
  });
}

async function alertsOf(req: PageRequest, premisesId: string, filter: AlertsFilter) {
  const items = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await listAlerts({ premisesId, ...filter, cursor, limit: 100 }, req.principal);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export const alertsPage: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const parsed = filterOf(req);
  const filter: AlertsFilter = parsed.ok ? parsed.data : { status: "open" };
  const [premises, alerts] = await Promise.all([getPremises(premisesId), alertsOf(req, premisesId, filter)]);
  return {
    render: "pages/premises/alerts.njk",
    status: parsed.ok ? 200 : 400,
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: ["Alerts", premises.name],
        hasErrors: !parsed.ok,
      }),
      ...alertsPageModel({ premises, alerts, filter, today: today() }),
      nav: premisesNav(premisesId, "alerts"),
      errors: parsed.ok ? NO_ERRORS : formOrderErrors(parsed.invalid, FILTER_FIELDS),
    },
  };
};

export const alertsCsvDownload: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const parsed = filterOf(req);
  const filter: AlertsFilter = parsed.ok ? parsed.data : { status: "open" };
  const alerts = await alertsOf(req, premisesId, filter);
  return csvDownload(
    `alerts-${premisesId}-${filter.status}-${today()}.csv`,
    alertsCsv(alertRows(alerts, premisesId, today())),
  );
};

/**
 * Acknowledge from the list: POST, then back to the list (the alert has left the open ones).
 * The operation checks the alert's premises against the user's, exactly as for the API.
 */
export const postAcknowledgement: Controller = async (req) => {
  const { premisesId, alertId } = req.params as { premisesId: string; alertId: string };
  // An id that is not an alert's is a page that does not exist, as in the API.
  const id = alertIdParam.safeParse({ alertId });
  if (!id.success) return { redirect: alertsPath(premisesId) };
  try {
    const alert = await acknowledgeAlert(id.data.alertId, undefined, req.principal);
    return {
      redirect: alertsPath(premisesId),
      flash: {
        kind: "success",
        title: "Alert acknowledged",
        text: `The alert for ${alert.crn} is acknowledged.`,
      },
    };
  } catch (err) {
    if (isDomainError(err) && err.kind === "conflict") {
      return {
        redirect: alertsPath(premisesId),
        flash: { kind: "important", title: "Alert not acknowledged", text: err.message },
      };
    }
    throw err;
  }
};
