/** Binding slugs from the API contract, with the display labels users know. */
export const AREAS = {
  london: "London",
  midlands: "Midlands",
  "north-east": "North East",
  "north-west": "North West",
  "south-east-and-eastern": "South East & Eastern",
  "south-west-and-south-central": "South West & South Central",
  wales: "Wales",
  womens: "Women's APs",
} as const;

export const ROOM_CHARACTERISTICS = {
  "single-room": "Single room",
  "en-suite": "En-suite",
  "step-free": "Step-free",
  "wheelchair-accessible": "Wheelchair accessible",
  "ground-floor": "Ground floor",
  "arson-suitable": "Suitable for arson risk",
  "sexual-offence-suitable": "Suitable for sexual offence risk",
} as const;

export const PREMISES_CHARACTERISTICS = {
  "accepts-sex-offenders": "Accepts sex offenders",
  "accepts-child-offences": "Accepts offences against children",
  "accepts-hate-crime": "Accepts hate crime",
  catered: "Catered",
  lift: "Lift",
  "hearing-loop": "Hearing loop",
  pipe: "Psychologically informed (PIPE)",
  esap: "Enhanced security (ESAP)",
} as const;

export const MOVE_ON_CATEGORIES = {
  "owner-occupied": "Owner occupied",
  "private-rented": "Private rented",
  "social-rented": "Local authority / housing association rented",
  "family-or-friends": "Living with family / partner / other",
  "supported-housing": "Supported housing",
  "temporary-accommodation": "B&B / temporary / short-term housing",
  cas3: "CAS3 (temporary accommodation)",
  cas2: "CAS2",
  "another-ap": "Transferred to another AP",
  custody: "Custody",
  deported: "Deported / detention",
  "no-fixed-abode": "No fixed abode (homeless)",
} as const;

/**
 * What the local authority did with the AP's Duty to Refer (Homelessness Reduction Act 2017,
 * section 213B): the move-on plan records the outcome beside the date the referral was made.
 */
export const MOVE_ON_STATUSES = {
  "not-started": "Not started",
  "in-progress": "In progress",
  confirmed: "Confirmed",
  none: "No move-on expected",
} as const;

export const DUTY_TO_REFER_OUTCOMES = {
  "awaiting-decision": "Awaiting the local authority's decision",
  "prevention-duty": "Prevention duty accepted",
  "relief-duty": "Relief duty accepted",
  "main-duty": "Main housing duty accepted",
  "not-eligible": "Not eligible for assistance",
  "not-homeless": "Not homeless or threatened with homelessness",
  "declined-by-person": "Help declined by the person",
} as const;

export const DEPARTURE_REASONS = {
  "planned-move-on": "Planned move-on",
  recalled: "Breach / recall",
  absconded: "Absconded",
  "arrested-or-remanded": "Arrested, remanded in custody or sentenced",
  hospital: "Admitted to hospital",
  "bed-withdrawn": "Bed withdrawn",
  "licence-expired": "Order / licence expired",
  "end-of-rotl": "End of ROTL",
  died: "Died",
  other: "Other",
} as const;

export const NON_ARRIVAL_REASONS = {
  "failed-to-arrive": "Failed to arrive",
  "arrested-or-recalled": "Arrested / in custody / recalled",
  "parole-not-granted": "Parole release not granted",
  hospital: "Admitted to hospital",
  other: "Other",
} as const;

export const OUT_OF_SERVICE_REASONS = {
  "planned-works": "Planned works",
  "unplanned-repair": "Unplanned repair",
  "resident-damage": "Damage by resident",
  "flood-or-fire": "Flood / fire",
  "staff-shortage": "Staff shortage",
  "single-occupancy-risk": "Double room with single occupancy (risk)",
  "bed-on-hold": "Bed on hold for a named person",
  other: "Other",
} as const;

export const WITHDRAWAL_REASONS = {
  "alternative-accommodation": "Alternative accommodation found",
  "release-decision-changed": "Release decision changed",
  duplicate: "Duplicate referral",
  "no-capacity": "No capacity",
  "withdrawn-by-practitioner": "Withdrawn by practitioner",
  error: "Referral made in error",
  other: "Other",
} as const;

/** The pre-arrival checklist of a booking: what the AP must have done before the person arrives. */
export const PRE_ARRIVAL_ITEMS = {
  "risk-information": "Risk information (OASys / RoSH summary) received",
  "licence-conditions": "Licence or bail conditions received",
  "mappa-meeting": "MAPPA meeting attended by the AP",
  "key-worker": "Key worker assigned",
  "medication-and-gp": "Medication and GP arranged",
  "induction-planned": "Induction planned",
  "room-prepared": "Room prepared",
  "travel-arranged": "Travel on the day arranged",
} as const;

export const PRE_ARRIVAL_ITEM_STATUSES = {
  "to-do": "To do",
  done: "Done",
  "not-needed": "Not needed",
} as const;

export const PLACEMENT_REVIEW_DECISIONS = {
  accepted: "Accept the placement",
  concern: "Raise a concern",
} as const;

export const STAY_REDUCTION_DECISIONS = {
  approved: "Approve",
  declined: "Decline",
} as const;

export const PRE_ARRIVAL_READINESS = {
  ready: "Ready",
  "on-track": "On track",
  "at-risk": "At risk",
  compressed: "Compressed (short notice)",
} as const;

/** Why an AP manager has a concern about a placement before arrival. */
export const PLACEMENT_CONCERN_REASONS = {
  "risk-mix": "Risk mix with current residents",
  "victim-or-associates-nearby": "Victim or known associates nearby",
  "premises-unsuitable": "Premises characteristics unsuitable",
  "needs-cannot-be-met": "Needs cannot be met",
  other: "Other",
} as const;

/** A premises' risk-mix limits (#13) as a sentence names them: "at most 2 very high RoSH residents". */
export const RISK_LIMITS = {
  veryHighRosh: "very high RoSH residents",
  highOrAboveRosh: "high or very high RoSH residents",
  mappaLevel3: "MAPPA level 3 residents",
} as const;

/** The CRU's answer to an AP manager's placement concern. */
export const CONCERN_RESPONSES = {
  keep: "Keep the placement",
  reallocate: "Cancel the booking and find another bed",
} as const;

export const RISK_LEVELS = {
  low: "Low",
  medium: "Medium",
  high: "High",
  "very-high": "Very high",
} as const;

export const RELEASE_TYPES = {
  licence: "Licence",
  hdc: "Home Detention Curfew (HDC)",
  ecsl: "End of Custody Supervised Licence (ECSL)",
  parole: "Parole",
  recall: "Recall",
  pss: "Post-sentence supervision (PSS)",
  bail: "Bail",
  community: "Community order",
} as const;

export const NOTICE_TYPES = {
  emergency: "Emergency",
  "short-notice": "Short notice",
  standard: "Standard",
} as const;

export const GENDERS = {
  male: "Male",
  female: "Female",
} as const;

export const REFERRAL_STATUS_LABELS = {
  submitted: "Submitted",
  allocated: "Allocated",
  arrived: "Arrived",
  departed: "Departed",
  withdrawn: "Withdrawn",
} as const;

export const BOOKING_STATUS_LABELS = {
  booked: "Booked",
  arrived: "Arrived",
  departed: "Departed",
  cancelled: "Cancelled",
  "non-arrival": "Did not arrive",
} as const;

/** How a bed option fits a referral's dates (GET /referrals/{id}/bed-options `fit`). */
export const BED_FITS = {
  exact: "Exact fit",
  "buffer-override": "Needs a buffer override",
  "near-miss": "Near miss",
} as const;

/** Audit event `action`s as a history or timeline shows them. */
export const AUDIT_ACTIONS = {
  "referral.submitted": "Referral submitted",
  "referral.allocated": "Bed allocated",
  "referral.withdrawn": "Referral withdrawn",
  "referral.non-arrival": "Did not arrive",
  "booking.allocated": "Booking made",
  "booking.allocated-with-buffer-override": "Booking made with a buffer override",
  "booking.arrived": "Arrived",
  "booking.non-arrival": "Did not arrive",
  "booking.extended": "Stay extended",
  "booking.departed": "Departed",
  "booking.cancelled": "Booking cancelled",
  "booking.cancelled-by-withdrawal": "Booking cancelled because the referral was withdrawn",
  "booking.referral-withdrawn": "Referral withdrawn",
  "booking.stay-reduced": "Stay reduced",
  "booking.dates-changed": "Booking dates changed",
  "booking.transferred": "Resident transferred",
  "hold.expired": "Held nights released (hold expired)",
  "referral.changed": "Referral details changed",
  "booking.move-on-changed": "Move-on plan updated",
  "booking.pre-arrival-item-updated": "Pre-arrival checklist updated",
  "referral.pre-arrival-item-updated": "Pre-arrival checklist updated",
  "placement-review.accepted": "Placement accepted by the AP manager",
  "placement-review.concern": "Concern raised by the AP manager",
  "placement-review.kept": "Concern answered: placement kept",
  "placement-review.reallocated": "Concern answered: booking cancelled to reallocate",
  "stay-reduction.requested": "Stay reduction requested",
  "stay-reduction.approved": "Stay reduction approved",
  "stay-reduction.declined": "Stay reduction declined",
  "out-of-service.created": "Bed taken out of service",
  "out-of-service.changed": "Out-of-service period changed",
  "out-of-service.cancelled": "Out-of-service period cancelled",
  "bed.archived": "Bed archived",
  "bed.unarchived": "Bed archive taken off",
  "alert.raised": "Alert raised",
  "alert.acknowledged": "Alert acknowledged",
  "alert.resolved": "Alert resolved",
  "premises.created": "Premises created",
  "premises.changed": "Premises changed",
  "mailbox.set": "CRU area mailbox set",
  "mailbox.changed": "CRU area mailbox changed",
  "bed.added": "Bed added",
} as const;

/** Alert `kind`s as the alert lists show them. */
export const ALERT_KIND_LABELS = {
  "departure-without-move-on": "Departure without move-on",
  "release-without-accommodation": "Release without accommodation",
  "licence-gap": "Licence or HDC gap",
  "arrival-overdue": "Arrival overdue",
  "placement-overdue": "Placement overdue",
  "pre-arrival-overdue": "Pre-arrival checks overdue",
} as const;

export const ALERT_STATUS_LABELS = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
} as const;

/** A move-on plan's `status`. */
export const MOVE_ON_STATUS_LABELS = {
  "not-started": "Not started",
  "in-progress": "In progress",
  confirmed: "Confirmed",
  none: "None",
} as const;

/** Notification `kind`s (outbox items) as the admin's notifications page names them; alerts by their own kind. */
export const NOTIFICATION_KIND_LABELS = {
  "booking-made": "Booking made",
  "booking-changed": "Booking changed",
  "booking-cancelled": "Booking cancelled",
  "booking-transferred": "Resident transferred",
  "person-arrived": "Arrived",
  "non-arrival": "Did not arrive",
  "person-departed": "Departed",
  "move-on-confirmed": "Move-on confirmed",
  "stay-reduction-requested": "Stay reduction requested",
  "stay-reduction-approved": "Stay reduction approved",
  "stay-reduction-declined": "Stay reduction declined",
  "buffer-override": "Buffer overridden",
  "buffer-consumed": "Buffer nights used",
  ...ALERT_KIND_LABELS,
} as const;

/** A notification's `emailStatus`. */
export const EMAIL_STATUS_LABELS = {
  pending: "Pending",
  sent: "Sent",
  "delivered-locally": "Delivered locally",
  failed: "Failed",
  "no-mailbox": "No mailbox",
  "not-emailed": "Not emailed",
} as const;

/** A notification's `eventStatus` (its domain event on SNS). */
export const EVENT_STATUS_LABELS = {
  pending: "Pending",
  published: "Published",
  "delivered-locally": "Delivered locally",
  failed: "Failed",
} as const;

/** What one bed is on one night, as the calendar and day view name it. */
export const BED_NIGHT_STATES = {
  occupied: "Occupied",
  booked: "Booked",
  buffer: "Buffer",
  "out-of-service": "Out of service",
  "on-hold": "On hold",
  free: "Free",
} as const;

export const ROLES = ["cru", "ap-manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const keysOf = <T extends Record<string, string>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** How each role is named to the people who hold it. */
export const ROLE_LABELS: Record<Role, string> = {
  cru: "Central Referral Unit (CRU)",
  "ap-manager": "AP manager",
  admin: "Administrator",
};
