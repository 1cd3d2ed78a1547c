import { today } from "../../domain/clock.js";
import { addDays } from "../../domain/dates.js";
import type { Booking } from "../../schemas/bookings.js";
import { listPremisesBookings } from "../../services/bookings-service.js";
import { getPremises } from "../../services/premises-service.js";
import type { Controller } from "../page.js";
import { layoutModel } from "../view-models/layout.js";
import { PREMISES_TABS, parseTab, premisesPageModel } from "../view-models/premises.js";
import { premisesNav } from "../view-models/premises-nav.js";

/** Historic placements go back this far: the page is for running the building, not an archive. */
const HISTORIC_DAYS = 90;
/** A premises has at most about 40 beds; this bounds the read well above a quarter's stays. */
const MAX_PAGES = 10;

export const premisesPlacements: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const now = today();
  const premises = await getPremises(premisesId);
  const bookings: Booking[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await listPremisesBookings(
      premisesId,
      { from: addDays(now, -HISTORIC_DAYS), cursor, limit: 200 },
      req.principal,
    );
    bookings.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const model = premisesPageModel({ premises, bookings, tab: parseTab(req.query.tab), today: now });
  return {
    render: "pages/premises/placements.njk",
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [PREMISES_TABS[model.tab], premises.name],
      }),
      ...model,
      nav: premisesNav(premisesId, "placements"),
    },
  };
};
