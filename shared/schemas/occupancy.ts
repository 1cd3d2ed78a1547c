import * as z from "zod";
import { ROOM_CHARACTERISTIC_SLUGS } from "../domain/occupancy.js";
import { area, calendarDate, cursor, id, roomCharacteristic } from "./common.js";

export const occupancyQuery = z.strictObject({
  from: calendarDate.optional().describe("First night (default today)"),
  to: calendarDate
    .optional()
    .describe("Last night, inclusive (default from + 83: 84 nights; at most 366 nights)"),
});

export const areaOccupancyQuery = z.strictObject({
  area: area.optional().describe("One CRU area; all areas when absent"),
  date: calendarDate
    .optional()
    .describe("The night summarised (default today); the sparkline covers it and the 27 after"),
  cursor,
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const premisesIdParams = z.strictObject({ premisesId: id });

const freeByCharacteristic = z.object(
  Object.fromEntries(ROOM_CHARACTERISTIC_SLUGS.map((c) => [c, z.int()])) as Record<
    (typeof ROOM_CHARACTERISTIC_SLUGS)[number],
    z.ZodInt
  >,
);

export const occupancyDaySchema = z
  .object({
    date: calendarDate,
    beds: z.int(),
    outOfService: z.int(),
    occupied: z.int(),
    buffer: z.int(),
    free: z.int(),
    arrivals: z.int().describe("Stays whose first night is this date"),
    departures: z.int().describe("Stays whose departure day is this date"),
    freeByCharacteristic,
    clashes: z
      .int()
      .describe("Beds claimed by more than one footprint this night; always 0 unless data is damaged"),
  })
  .meta({ id: "OccupancyDay" });

export const segmentSchema = z
  .object({
    kind: z.enum(["occupied", "buffer", "out-of-service"]),
    startDate: calendarDate,
    endDate: calendarDate,
    bookingId: z.string().optional(),
    crn: z.string().optional(),
    riskOfSeriousHarm: z.string().optional(),
    noticeType: z.string().optional(),
    arrivalDate: calendarDate.optional(),
    departureDate: calendarDate.optional(),
    outOfServiceId: z.string().optional(),
    reason: z
      .string()
      .optional()
      .describe(
        "Out-of-service reason; `bed-on-hold` for nights held for a referral (holdId, forReferralId, holdUntil)",
      ),
    holdId: z.string().optional(),
    forReferralId: z.string().optional().describe("The referral the held nights are kept for"),
    holdUntil: z.string().optional().describe("When the hold expires (an instant)"),
  })
  .meta({ id: "OccupancySegment" });

export const movementSchema = z
  .object({
    date: calendarDate,
    type: z.enum(["arrival", "departure"]),
    bedId: z.string(),
    bookingId: z.string().optional(),
    crn: z.string().optional(),
    riskOfSeriousHarm: z.string().optional(),
    noticeType: z.string().optional(),
  })
  .meta({ id: "OccupancyMovement" });

export const occupancySchema = z
  .object({
    premisesId: z.string(),
    name: z.string(),
    today: calendarDate,
    from: calendarDate,
    to: calendarDate,
    days: z.array(occupancyDaySchema),
    beds: z.array(
      z.object({
        bedId: z.string(),
        room: z.string(),
        characteristics: z.array(roomCharacteristic),
        segments: z.array(segmentSchema),
      }),
    ),
    movements: z.array(movementSchema),
  })
  .meta({ id: "Occupancy" });

export const areaOccupancyItemSchema = z
  .object({
    premisesId: z.string(),
    name: z.string(),
    area,
    beds: z.int(),
    occupied: z.int(),
    buffer: z.int(),
    outOfService: z.int(),
    free: z.int(),
    lowestFreeNext28: z.object({ count: z.int(), date: calendarDate }),
    freeNext28: z.array(z.int()).length(28),
    openAlerts: z.int(),
  })
  .meta({ id: "AreaOccupancyItem" });

export const areaOccupancySchema = z
  .object({
    date: calendarDate,
    items: z.array(areaOccupancyItemSchema),
    nextCursor: z.string().optional(),
  })
  .meta({ id: "AreaOccupancy" });

export type OccupancyResponse = z.infer<typeof occupancySchema>;
export type AreaOccupancyItem = z.infer<typeof areaOccupancyItemSchema>;
