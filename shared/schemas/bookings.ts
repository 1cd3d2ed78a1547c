import { z } from "zod";
import { DEPARTURE_REASONS, keysOf, MOVE_ON_CATEGORIES, NON_ARRIVAL_REASONS } from "../domain/vocabulary.js";
import { calendarDate } from "./common.js";
import { noticeType, releaseType, riskOfSeriousHarm } from "./referrals.js";

export const BOOKING_STATUSES = ["booked", "arrived", "departed", "cancelled", "non-arrival"] as const;
export const bookingStatus = z.enum(BOOKING_STATUSES);
export const moveOnCategory = z.enum(keysOf(MOVE_ON_CATEGORIES));
export const departureReason = z.enum(keysOf(DEPARTURE_REASONS));
export const nonArrivalReason = z.enum(keysOf(NON_ARRIVAL_REASONS));
export const moveOnStatus = z.enum(["not-started", "in-progress", "confirmed", "none"]);

export const moveOnSchema = z
  .object({
    status: moveOnStatus,
    category: moveOnCategory.optional(),
    address: z.string().optional(),
    availableFrom: calendarDate.optional(),
    dutyToReferDate: calendarDate.optional(),
    localAuthority: z.string().optional(),
    notes: z.string().optional(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "MoveOnPlan" });

/**
 * A stay in one bed. `arrivalDate`/`departureDate` are the planned dates (departure is the
 * first night not occupied); actual dates are recorded at arrival and departure and
 * replace the planned ones in the footprint.
 */
export const bookingSchema = z
  .object({
    bookingId: z.string(),
    referralId: z.string(),
    premisesId: z.string(),
    bedId: z.string(),
    status: bookingStatus,
    person: z.object({ crn: z.string(), name: z.string(), nomsNumber: z.string().optional(), gender: z.enum(["male", "female"]) }),
    riskOfSeriousHarm,
    mappaLevel: z.int().optional(),
    releaseType,
    noticeType,
    arrivalDate: calendarDate,
    departureDate: calendarDate,
    actualArrivalDate: calendarDate.optional(),
    actualDepartureDate: calendarDate.optional(),
    licenceEndDate: calendarDate.optional(),
    hdcEndDate: calendarDate.optional(),
    /** The premises' buffer when allocated; the footprint's buffer may be shorter where an override was recorded. */
    bufferDays: z.int(),
    /** Buffer nights this stay actually holds after its departure. */
    bufferNights: z.int(),
    bufferOverride: z
      .object({ reason: z.string(), by: z.string(), at: z.string(), affectedBookingIds: z.array(z.string()) })
      .optional(),
    moveOn: moveOnSchema,
    departure: z
      .object({ date: calendarDate, reason: departureReason, moveOnCategory, notes: z.string().optional() })
      .optional(),
    nonArrival: z.object({ reason: nonArrivalReason, notes: z.string().optional() }).optional(),
    cancellation: z.object({ reason: z.string() }).optional(),
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Booking" });

export type Booking = z.infer<typeof bookingSchema>;
export type BookingStatus = z.infer<typeof bookingStatus>;
export type MoveOnPlan = z.infer<typeof moveOnSchema>;
