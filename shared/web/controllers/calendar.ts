import { today } from "../../domain/clock.js";
import type { CalendarDate } from "../../domain/dates.js";
import { notFound } from "../../domain/errors.js";
import { calendarDate } from "../../schemas/common.js";
import { listPremisesBookings } from "../../services/bookings-service.js";
import { occupancyCsvOf, premisesOccupancy } from "../../services/occupancy-service.js";
import { listOutOfService } from "../../services/premises-service.js";
import { formOrderErrors, NO_ERRORS, parseWith } from "../error-summary.js";
import { dateOfParts, dateParts, optionalText, typedDateParts } from "../forms.js";
import type { Controller, PageRequest } from "../page.js";
import {
  CALENDAR_FIELDS,
  calendarModel,
  calendarQuerySchema,
  DEFAULT_CALENDAR_NIGHTS,
  dayModel,
  type StayInfo,
  windowOf,
} from "../view-models/calendar.js";
import { csvDownload } from "../view-models/csv.js";
import { layoutModel } from "../view-models/layout.js";
import { premisesNav } from "../view-models/premises-nav.js";

/** A premises has at most about 40 beds; a year of its stays is a few hundred bookings. */
const MAX_PAGES = 20;

/** Who is in each stay of the window, and whether they have arrived: the bookings the window touches. */
export async function staysOf(req: PageRequest, premisesId: string, from: CalendarDate) {
  const stays = new Map<string, StayInfo>();
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    // Not narrowed by `to`: that filters on the planned arrival, and an early arrival is in the window.
    const page = await listPremisesBookings(premisesId, { from, cursor, limit: 200 }, req.principal);
    for (const b of page.items) {
      stays.set(b.bookingId, {
        bookingId: b.bookingId,
        status: b.status,
        name: b.person.name,
        crn: b.person.crn,
      });
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return stays;
}

/**
 * The calendar's query: links carry `from=YYYY-MM-DD`; the form sends the GOV.UK date
 * input's three boxes. Both are judged by the same schema.
 */
function calendarQuery(req: PageRequest) {
  const q = req.query;
  const parts = typedDateParts(q, "from");
  const from = q.from !== undefined ? q.from : dateOfParts(parts);
  const nights = optionalText(q, "nights");
  return { parsed: parseWith(calendarQuerySchema, { from, nights }), parts, nights };
}

export const calendarPage: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const now = today();
  const { parsed, parts } = calendarQuery(req);
  const query = parsed.ok ? parsed.data : { nights: DEFAULT_CALENDAR_NIGHTS };
  const window = windowOf(query, now);
  const occupancy = await premisesOccupancy(req.principal, premisesId, window);
  const stays = await staysOf(req, premisesId, window.from);
  const errors = parsed.ok ? NO_ERRORS : formOrderErrors(parsed.invalid, CALENDAR_FIELDS);
  return {
    render: "pages/premises/calendar.njk",
    status: parsed.ok ? 200 : 400,
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: ["Calendar", occupancy.name],
        hasErrors: !parsed.ok,
      }),
      ...calendarModel({ occupancy, stays, nights: query.nights }),
      nav: premisesNav(premisesId, "calendar"),
      fromParts: parsed.ok ? dateParts(window.from) : parts,
      errors,
    },
  };
};

export const calendarCsv: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const { parsed } = calendarQuery(req);
  const query = parsed.ok ? parsed.data : { nights: DEFAULT_CALENDAR_NIGHTS };
  const { filename, csv } = await occupancyCsvOf(req.principal, premisesId, windowOf(query, today()));
  return csvDownload(filename, csv);
};

export const dayPage: Controller = async (req) => {
  const { premisesId, date } = req.params as { premisesId: string; date: string };
  // A path that is not a night is a page that does not exist.
  if (!calendarDate.safeParse(date).success) throw notFound("Night", date);
  const [occupancy, stays, outOfService] = await Promise.all([
    premisesOccupancy(req.principal, premisesId, { from: date, to: date }),
    staysOf(req, premisesId, date),
    listOutOfService(premisesId),
  ]);
  const model = dayModel({ occupancy, stays, outOfService: outOfService.items });
  return {
    render: "pages/premises/day.njk",
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [model.heading, occupancy.name],
      }),
      ...model,
      nav: premisesNav(premisesId, "calendar"),
    },
  };
};
