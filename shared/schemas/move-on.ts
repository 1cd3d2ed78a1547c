import * as z from "zod";
import { MOVE_ON_CATEGORIES } from "../domain/vocabulary.js";
import { dutyToReferOutcome, moveOnCategory, moveOnSchema, moveOnStatus } from "./bookings.js";
import { calendarDate, id, instant, notes, text } from "./common.js";

export const bookingIdParam = z.strictObject({ bookingId: id });
export const premisesIdParam = z.strictObject({ premisesId: id });

/**
 * PUT /bookings/{bookingId}/move-on. A confirmed plan must say where and from when; "no
 * fixed abode" is homelessness and can never count as confirmed move-on.
 */
export const moveOnBody = z
  .strictObject({
    status: moveOnStatus,
    category: moveOnCategory.optional(),
    address: text(500).optional(),
    availableFrom: calendarDate.optional(),
    availableUntil: calendarDate.optional().meta({
      description:
        "Last night the address is available, when time-limited (YYYY-MM-DD, after availableFrom). A confirmed move-on available only until a date before the HDC or licence end raises licence-gap.",
    }),
    dutyToReferDate: calendarDate.optional(),
    dutyToReferOutcome: dutyToReferOutcome.optional().meta({
      description: "What the local authority did with the Duty to Refer made on dutyToReferDate",
    }),
    localAuthority: text(200).optional(),
    notes: notes(2000).optional(),
  })
  .superRefine((b, ctx) => {
    if (
      b.availableUntil !== undefined &&
      b.availableFrom !== undefined &&
      b.availableUntil <= b.availableFrom
    ) {
      ctx.addIssue({ code: "custom", path: ["availableUntil"], message: "must be after availableFrom" });
    }
    if (b.status !== "confirmed") return;
    if (b.category === "no-fixed-abode") {
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message: `"${MOVE_ON_CATEGORIES["no-fixed-abode"]}" cannot be confirmed move-on`,
      });
    }
    for (const field of ["category", "address", "availableFrom"] as const) {
      if (b[field] === undefined)
        ctx.addIssue({ code: "custom", path: [field], message: "is required when status is confirmed" });
    }
  })
  .meta({ id: "MoveOnPlanChange" });

export const moveOnHistoryEntrySchema = z.object({
  at: instant,
  by: z.string(),
  plan: moveOnSchema,
});

export const moveOnResponseSchema = z
  .object({
    bookingId: z.string(),
    premisesId: z.string(),
    bookingStatus: z.string(),
    expectedDepartureDate: calendarDate,
    version: z.int(),
    moveOn: moveOnSchema,
    history: z.array(moveOnHistoryEntrySchema),
  })
  .meta({ id: "MoveOnPlanWithHistory" });

export const boardEntrySchema = z
  .object({
    bookingId: z.string(),
    person: z.object({ crn: z.string(), name: z.string() }),
    bedId: z.string(),
    status: z.string(),
    arrivalDate: calendarDate,
    expectedDepartureDate: calendarDate,
    daysLeft: z.int(),
    overdue: z.boolean(),
    moveOn: z.object({
      status: moveOnStatus,
      category: moveOnCategory.optional(),
      availableFrom: calendarDate.optional(),
      /** Confirmed with an address available by the departure date. */
      secured: z.boolean(),
    }),
    hdcEndDate: calendarDate.optional(),
    licenceEndDate: calendarDate.optional(),
    openAlerts: z.object({ count: z.int(), kinds: z.array(z.string()) }),
  })
  .meta({ id: "MoveOnBoardEntry" });

export const boardSchema = z
  .object({
    premisesId: z.string(),
    date: calendarDate,
    items: z.array(boardEntrySchema),
    nextCursor: z.string().optional(),
  })
  .meta({ id: "MoveOnBoard" });

export type MoveOnChange = z.infer<typeof moveOnBody>;
export type BoardEntry = z.infer<typeof boardEntrySchema>;
