import type * as z from "zod";
import type { acknowledgementBody } from "../schemas/alerts.js";
import type {
  allocationBody,
  arrivalBody,
  cancellationBody,
  dateChangeBody,
  departureBody,
  extensionBody,
  nonArrivalBody,
  stayReductionBody,
  stayReductionDecisionBody,
  transferBody,
} from "../schemas/bookings.js";
import type { moveOnBody } from "../schemas/move-on.js";
import type { mailboxBody } from "../schemas/notifications.js";
import type {
  placementReviewBody,
  placementReviewResponseBody,
  preArrivalItemBody,
} from "../schemas/pre-arrival.js";
import type {
  bedArchiveBody,
  bedInput,
  createPremisesBody,
  outOfServiceBody,
  outOfServiceCancellationBody,
  outOfServiceChangeBody,
  patchPremisesBody,
} from "../schemas/premises.js";
import type { createReferralBody, referralChangeBody, withdrawalBody } from "../schemas/referrals.js";

/**
 * The request examples the document carries, one per operation with a body. They tell one
 * story, in order, that the server accepts: a premises is set up, a referral submitted and
 * allocated, the person arrives, the stay is extended then reduced, move-on is confirmed and
 * the person leaves. Dates are fixed, relative to EXAMPLE_TODAY (a plausible future day, never
 * the build day), so the document is the same on every build and every example obeys the
 * server's own rules when "today" is the day the story says (tests/integration/
 * request-examples.test.ts sends each one to the local system on that day).
 */
export const EXAMPLE_TODAY = "2027-03-01";
/** The day the person arrives (two weeks' notice). */
export const EXAMPLE_ARRIVAL = "2027-03-15";
/** The day the resident moves to another room (a transfer). */
export const EXAMPLE_TRANSFER = "2027-03-22";
/** The day the person leaves, after the stay reduction. */
export const EXAMPLE_DEPARTURE = "2027-05-31";

export const EXAMPLE_PREMISES_ID = "ashford-house";
/** A referral id as the API issues them; the stay reduction example names one. */
export const EXAMPLE_REFERRAL_ID = "ref-mz4k2b1q-7";

type In<S extends z.ZodType> = z.input<S>;

export const REQUEST_EXAMPLES = {
  createPremises: {
    premisesId: EXAMPLE_PREMISES_ID,
    name: "Ashford House",
    area: "south-east-and-eastern",
    gender: "male",
    bufferDays: 2,
    characteristics: ["catered", "accepts-hate-crime"],
    beds: [
      { bedId: "b1", room: "Room 1", characteristics: ["single-room", "en-suite"] },
      { bedId: "b2", room: "Room 2", characteristics: ["single-room"] },
      { bedId: "b3", room: "Room 3" },
    ],
  } satisfies In<typeof createPremisesBody>,
  patchPremises: {
    riskLimits: { veryHighRosh: 2, highOrAboveRosh: 4, mappaLevel3: 1 },
  } satisfies In<typeof patchPremisesBody>,
  addBed: {
    bedId: "b4",
    room: "Room 4 (ground floor)",
    characteristics: ["ground-floor", "step-free", "wheelchair-accessible"],
  } satisfies In<typeof bedInput>,
  createOutOfService: {
    startDate: "2027-04-12",
    endDate: "2027-04-16",
    reason: "planned-works",
    notes: "Window frame replaced; the room is sealed while the sealant cures.",
  } satisfies In<typeof outOfServiceBody>,
  /** The works finish early: the last night out of service is two nights sooner. */
  changeOutOfService: {
    endDate: "2027-04-14",
    notes: "Window frame replaced; the sealant cured in two days.",
  } satisfies In<typeof outOfServiceChangeBody>,
  cancelOutOfService: {
    reason: "The decorators moved the job to the summer.",
  } satisfies In<typeof outOfServiceCancellationBody>,
  /** Room 4 becomes the staff office from September; nothing is booked there by then. */
  archiveBed: {
    archivedFrom: "2027-09-01",
    reason: "Room 4 becomes the staff office.",
  } satisfies In<typeof bedArchiveBody>,
  createReferral: {
    person: {
      crn: "X320741",
      nomsNumber: "A4821BC",
      name: "Daniel Hughes",
      dateOfBirth: "1986-04-17",
      gender: "male",
    },
    riskOfSeriousHarm: "high",
    mappaLevel: 2,
    releaseType: "licence",
    expectedArrivalDate: EXAMPLE_ARRIVAL,
    expectedDepartureDate: "2027-06-07",
    licenceEndDate: "2027-11-30",
    area: "south-east-and-eastern",
    preferredPremisesIds: [EXAMPLE_PREMISES_ID],
    requiredCharacteristics: ["single-room"],
    homelessIfNotPlaced: true,
    notes: "Released from HMP Elmley on licence. Exclusion zone: Maidstone town centre.",
  } satisfies In<typeof createReferralBody>,
  withdrawReferral: {
    reason: "alternative-accommodation",
    notes: "A family address was approved by the probation practitioner.",
  } satisfies In<typeof withdrawalBody>,
  allocateBed: {
    premisesId: EXAMPLE_PREMISES_ID,
    bedId: "b1",
    arrivalDate: EXAMPLE_ARRIVAL,
    departureDate: "2027-06-07",
  } satisfies In<typeof allocationBody>,
  putPreArrivalItem: {
    status: "done",
    note: "OASys and RoSH summary received from the probation practitioner.",
  } satisfies In<typeof preArrivalItemBody>,
  reviewPlacement: {
    decision: "concern",
    reasons: ["victim-or-associates-nearby"],
    note: "The victim's family lives two streets away; please confirm the exclusion zone allows this.",
  } satisfies In<typeof placementReviewBody>,
  answerPlacementConcern: {
    action: "keep",
    note: "The exclusion zone does not cover the premises; the licence has a non-contact condition.",
  } satisfies In<typeof placementReviewResponseBody>,
  changeReferral: {
    expectedArrivalDate: "2027-04-19",
    riskOfSeriousHarm: "high",
    notes: "The HDC decision moved the release by a week; risk raised after a new intelligence report.",
  } satisfies In<typeof referralChangeBody>,
  changeBookingDates: {
    arrivalDate: "2027-03-22",
    departureDate: "2027-06-14",
    reason: "The release date moved by a week after the HDC decision.",
  } satisfies In<typeof dateChangeBody>,
  cancelBooking: {
    reason: "Parole board directed release to a family address instead.",
  } satisfies In<typeof cancellationBody>,
  putAreaMailbox: {
    email: "cru.south-east@example.justice.gov.uk",
  } satisfies In<typeof mailboxBody>,
  acknowledgeAlert: {
    note: "Duty to Refer made to Ashford Borough Council.",
  } satisfies In<typeof acknowledgementBody>,
  recordArrival: { arrivalDate: EXAMPLE_ARRIVAL } satisfies In<typeof arrivalBody>,
  recordNonArrival: {
    reason: "failed-to-arrive",
    notes: "Did not report by 21:00; police and the probation practitioner informed.",
  } satisfies In<typeof nonArrivalBody>,
  transferStay: {
    premisesId: EXAMPLE_PREMISES_ID,
    bedId: "b2",
    date: EXAMPLE_TRANSFER,
    reason: "Moved away from a resident he has a conflict with.",
    emergency: false,
  } satisfies In<typeof transferBody>,
  extendStay: {
    departureDate: "2027-07-05",
    reason: "The supported housing place now starts on 5 July.",
  } satisfies In<typeof extensionBody>,
  requestStayReduction: {
    newDepartureDate: EXAMPLE_DEPARTURE,
    forReferralId: EXAMPLE_REFERRAL_ID,
    reason: "A council tenancy is available from 31 May and the bed is needed for an urgent release.",
  } satisfies In<typeof stayReductionBody>,
  decideStayReduction: {
    decision: "approved",
    reason: "Tenancy signed; the resident agrees to move on 31 May.",
  } satisfies In<typeof stayReductionDecisionBody>,
  putMoveOnPlan: {
    status: "confirmed",
    category: "social-rented",
    address: "Flat 2, 14 Station Road, Ashford TN23 1AA",
    availableFrom: EXAMPLE_DEPARTURE,
    localAuthority: "Ashford Borough Council",
    notes: "Tenancy signed on 20 May.",
  } satisfies In<typeof moveOnBody>,
  recordDeparture: {
    departureDate: EXAMPLE_DEPARTURE,
    reason: "planned-move-on",
    moveOnCategory: "social-rented",
    notes: "Moved into the council tenancy.",
  } satisfies In<typeof departureBody>,
} as const;

/** The example for an operation's request body, if it has one. */
export const requestExampleFor = (operationId: string): unknown =>
  (REQUEST_EXAMPLES as Record<string, unknown>)[operationId];
