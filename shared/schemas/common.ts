import * as z from "zod";
import { isCalendarDate } from "../domain/dates.js";
import {
  AREAS,
  GENDERS,
  keysOf,
  PREMISES_CHARACTERISTICS,
  ROOM_CHARACTERISTICS,
} from "../domain/vocabulary.js";

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isCalendarDate, "is not a real calendar date")
  .meta({ format: "date", examples: ["2026-12-01"] });

export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "may contain only letters, digits, '-' and '_'");

export const freeText = z.string().trim().min(1).max(1000);

export const area = z.enum(keysOf(AREAS));
export const roomCharacteristic = z.enum(keysOf(ROOM_CHARACTERISTICS));
export const premisesCharacteristic = z.enum(keysOf(PREMISES_CHARACTERISTICS));
export const anyCharacteristic = z.union([roomCharacteristic, premisesCharacteristic]);
export const gender = z.enum(keysOf(GENDERS));

export const cursor = z.string().max(2048).optional();
export const limit = z.coerce.number().int().min(1).max(200).optional();

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const invalidParamSchema = z.object({ name: z.string(), reason: z.string() });
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    invalidParams: z.array(invalidParamSchema).optional(),
    conflicts: z
      .array(
        z.object({
          kind: z.string(),
          bookingId: z.string().optional(),
          referralId: z.string().optional(),
          startDate: z.string().optional(),
          endDate: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem" });

export const auditEventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
