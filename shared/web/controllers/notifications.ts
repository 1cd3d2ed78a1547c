import { listNotificationsQuery } from "../../schemas/notifications.js";
import { listNotifications } from "../../services/notifications-service.js";
import { listPremises } from "../../services/premises-service.js";
import { formOrderErrors, parseWith, problemOfError } from "../error-summary.js";
import type { Controller } from "../page.js";
import { layoutModel } from "../view-models/layout.js";
import {
  NOTIFICATION_FILTER_FIELDS,
  NOTIFICATIONS_PATH,
  type NotificationFilter,
  notificationsPageModel,
} from "../view-models/notifications.js";

/** Enough for every premises in the filter's list; the service has a few dozen. */
const PREMISES_LIMIT = 200;
const PAGE_SIZE = 50;

/**
 * The admin's notifications page (GET /notifications in the API): the filter is a GET form,
 * judged by the API's own query schema, and a later page is the service's cursor.
 */
export const notificationsPage: Controller = async (req) => {
  const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const filter: NotificationFilter = {
    premisesId: blank(req.query.premisesId) ?? "",
    kind: blank(req.query.kind) ?? "",
  };
  const premises = (await listPremises({ limit: PREMISES_LIMIT })).items;
  const page = (model: Parameters<typeof notificationsPageModel>[0], status = 200) => {
    const hasErrors = (model.errors?.summary.length ?? 0) > 0;
    return {
      render: "pages/admin/notifications.njk",
      status,
      model: {
        ...layoutModel({
          session: req.session,
          principal: req.principal,
          title: ["Notifications"],
          hasErrors,
          path: NOTIFICATIONS_PATH,
        }),
        ...notificationsPageModel(model),
      },
    };
  };
  const query = parseWith(listNotificationsQuery, {
    premisesId: filter.premisesId || undefined,
    kind: filter.kind || undefined,
    cursor: blank(req.query.cursor),
    limit: PAGE_SIZE,
  });
  if (!query.ok) {
    return page(
      {
        premises,
        filter,
        items: [],
        paged: false,
        errors: formOrderErrors(query.invalid, NOTIFICATION_FILTER_FIELDS),
      },
      400,
    );
  }
  try {
    const found = await listNotifications(query.data);
    return page({
      premises,
      filter,
      items: found.items,
      nextCursor: found.nextCursor,
      paged: query.data.cursor !== undefined,
    });
  } catch (err) {
    const problem = problemOfError(err);
    if (!problem) throw err;
    const errors = problem.invalidParams?.length
      ? formOrderErrors(problem.invalidParams, NOTIFICATION_FILTER_FIELDS)
      : { summary: [{ text: problem.detail, href: "#main-content" }], fields: {} };
    return page({ premises, filter, items: [], paged: false, errors }, problem.status);
  }
};
