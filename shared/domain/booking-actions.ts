/**
 * What may be recorded against a booking in each state: the one table the operations
 * enforce (bookings, date-change and transfer services) and the pages read to offer only
 * what will be accepted.
 */
export type BookingState = "booked" | "arrived" | "departed" | "cancelled" | "non-arrival";

export const BOOKING_ACTIONS = {
  arrival: ["booked"],
  "non-arrival": ["booked"],
  extension: ["booked", "arrived"],
  departure: ["arrived"],
  cancellation: ["booked"],
  /** CRU moves a booked stay to new dates before arrival. */
  "date-change": ["booked"],
  /** CRU moves a resident who has arrived to another bed or AP. */
  transfer: ["arrived"],
} as const satisfies Record<string, readonly BookingState[]>;

export type BookingAction = keyof typeof BOOKING_ACTIONS;

/** The actions CRU takes from its own screens: the AP manager's placement page does not offer them. */
export const CRU_ACTIONS = ["date-change", "transfer"] as const satisfies readonly BookingAction[];

/** The actions the AP manager records on the placement page. */
export type PremisesAction = Exclude<BookingAction, (typeof CRU_ACTIONS)[number]>;

export const allowsAction = (status: BookingState, action: BookingAction): boolean =>
  (BOOKING_ACTIONS[action] as readonly BookingState[]).includes(status);

const isPremisesAction = (a: BookingAction): a is PremisesAction =>
  !(CRU_ACTIONS as readonly BookingAction[]).includes(a);

/** The AP manager's actions a booking in this state accepts, in the order the placement page offers them. */
export const actionsFor = (status: BookingState): PremisesAction[] =>
  (Object.keys(BOOKING_ACTIONS) as BookingAction[])
    .filter(isPremisesAction)
    .filter((a) => allowsAction(status, a));

/**
 * What may be kept or decided on a booking besides its lifecycle, by state: the move-on plan,
 * the pre-arrival checklist, the placement review and a stay reduction decision. The same
 * table the operations check and the placement page reads.
 */
export const BOOKING_RECORDS = {
  "move-on": ["booked", "arrived"],
  "pre-arrival": ["booked"],
  "placement-review": ["booked"],
  "stay-reduction": ["booked", "arrived"],
} as const satisfies Record<string, readonly BookingState[]>;

export type BookingRecord = keyof typeof BOOKING_RECORDS;

export const allowsRecord = (status: BookingState, record: BookingRecord): boolean =>
  (BOOKING_RECORDS[record] as readonly BookingState[]).includes(status);
