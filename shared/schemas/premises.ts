import * as z from "zod";
import { keysOf, OUT_OF_SERVICE_REASONS } from "../domain/vocabulary.js";
import {
  area,
  atLeastOneField,
  auditEventSchema,
  calendarDate,
  cursor,
  freeText,
  gender,
  id,
  instant,
  name,
  notes,
  premisesCharacteristic,
  roomCharacteristic,
  text,
  uniqueList,
} from "./common.js";
import { riskLimitsSchema } from "./pre-arrival.js";

const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;
const premisesCharacteristics = uniqueList(premisesCharacteristic, 20, "a characteristic");

/**
 * zod's practical email pattern with RFC 1035 domain labels (1–63 characters, not ending in
 * `-`): the document says both this pattern and `format: email`, and zod's own pattern let
 * `team@ap-.justice.gov.uk` through, which no client validating the format would send or
 * accept back.
 */
const MAILBOX =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** A shared team mailbox (the AP's, a CRU area's), where GOV.UK Notify sends its emails. */
export const mailboxEmail = z.email({ pattern: MAILBOX }).max(254).meta({
  description: "A shared team mailbox, never a person's own address",
  example: "camberwell.ap@justice.gov.uk",
});

export const premisesIdParam = z.strictObject({ premisesId: id });
export const bedIdParams = z.strictObject({ premisesId: id, bedId: id });

export const bedInput = z
  .strictObject({
    bedId: id,
    room: text(100),
    characteristics: uniqueList(roomCharacteristic, 20, "a characteristic").default([]),
  })
  .meta({ id: "NewBed" });

export const createPremisesBody = z
  .strictObject({
    premisesId: id,
    name: name(200),
    area,
    gender,
    bufferDays: z.int().min(0).max(14).default(2),
    characteristics: premisesCharacteristics.default([]),
    email: mailboxEmail
      .optional()
      .describe(
        "The AP's shared mailbox: bookings, stay reduction requests and its alerts are emailed there",
      ),
    beds: z
      .array(bedInput)
      .max(60)
      .refine((beds) => unique(beds.map((b) => b.bedId)), "bedId must be unique within the premises")
      .default([]),
  })
  .meta({ id: "NewPremises" });

export const patchPremisesBody = atLeastOneField(
  z.strictObject({
    name: name(200).optional(),
    bufferDays: z.int().min(0).max(14).optional(),
    characteristics: premisesCharacteristics.optional(),
    /** Most residents of a risk kind at once; `{}` removes every limit. Allocations beyond need a reason. */
    riskLimits: riskLimitsSchema.optional(),
    email: mailboxEmail.optional().describe("The AP's shared mailbox for emails from this service"),
  }),
).meta({ id: "PremisesChange" });

export const outOfServiceReason = z.enum(keysOf(OUT_OF_SERVICE_REASONS));

export const outOfServiceBody = z
  .strictObject({
    startDate: calendarDate,
    endDate: calendarDate,
    reason: outOfServiceReason,
    notes: notes(1000).optional(),
  })
  .refine((b) => b.endDate >= b.startDate, { message: "must be on or after startDate", path: ["endDate"] })
  .meta({ id: "NewOutOfService" });

/** A period named in the path: its premises and its id (the period knows its bed). */
export const outOfServiceIdParams = z.strictObject({ premisesId: id, outOfServiceId: id });

/**
 * Changing a period: end it early (`endDate` only), move or stretch it, or correct its reason or
 * notes. At least one field. Nights already past cannot change: a period under way keeps its
 * first night, and no end is earlier than yesterday (the bed is back in service tonight).
 */
export const outOfServiceChangeBody = atLeastOneField(
  z.strictObject({
    startDate: calendarDate.optional(),
    endDate: calendarDate.optional(),
    reason: outOfServiceReason.optional(),
    notes: notes(1000).optional(),
  }),
)
  .refine((b) => b.startDate === undefined || b.endDate === undefined || b.endDate >= b.startDate, {
    message: "must be on or after startDate",
    path: ["endDate"],
  })
  .meta({ id: "OutOfServiceChange" });

export const outOfServiceCancellationBody = z
  .strictObject({ reason: freeText })
  .meta({ id: "OutOfServiceCancellation" });

/** Archiving a bed: no stay may occupy a night on or after `archivedFrom`; existing history stays. */
export const bedArchiveBody = z
  .strictObject({
    archivedFrom: calendarDate.describe("The first night the bed takes no stay; today or later"),
    reason: freeText,
  })
  .meta({ id: "BedArchive" });

export const bedSchema = z
  .object({
    bedId: z.string(),
    room: z.string(),
    characteristics: z.array(roomCharacteristic),
    archivedFrom: calendarDate
      .optional()
      .describe("Archived beds take no stay on or after this night; they are never deleted"),
    archive: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
  })
  .meta({ id: "Bed" });

export const premisesSchema = z
  .object({
    premisesId: z.string(),
    name: z.string(),
    area,
    gender,
    bufferDays: z.int(),
    characteristics: z.array(premisesCharacteristic),
    email: z.email().optional().describe("The AP's shared mailbox, when one is set"),
    bedCount: z.int(),
    riskLimits: riskLimitsSchema.optional(),
    version: z.int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "PremisesSummary" });

export const premisesWithBedsSchema = premisesSchema
  .extend({ beds: z.array(bedSchema) })
  .meta({ id: "Premises" });

export const outOfServiceSchema = z
  .object({
    outOfServiceId: z.string(),
    premisesId: z.string(),
    bedId: z.string(),
    startDate: calendarDate,
    endDate: calendarDate,
    reason: outOfServiceReason,
    notes: z.string().optional(),
    status: z
      .enum(["active", "cancelled"])
      .describe("A cancelled period holds no night; it stays readable with its revisions"),
    version: z.int().describe("Send as If-Match to change or cancel the period"),
    createdAt: instant,
    createdBy: z.string(),
    updatedAt: instant.optional(),
    cancellation: z.object({ reason: z.string(), at: instant, by: z.string() }).optional(),
  })
  .meta({ id: "OutOfService" });

export const outOfServiceRevisionSchema = auditEventSchema.meta({
  id: "OutOfServiceRevision",
  description:
    "One change to the period: `out-of-service.created`, `.changed` or `.cancelled`, by whom and when, with the period before and after",
});

export const outOfServiceWithRevisionsSchema = outOfServiceSchema
  .extend({ revisions: z.array(outOfServiceRevisionSchema).describe("Oldest first") })
  .meta({ id: "OutOfServiceWithRevisions" });

export const listPremisesQuery = z.strictObject({
  area: area.optional(),
  cursor,
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export type CreatePremises = z.infer<typeof createPremisesBody>;
export type PatchPremises = z.infer<typeof patchPremisesBody>;
export type Premises = z.infer<typeof premisesSchema>;
export type Bed = z.infer<typeof bedSchema>;
export type PremisesWithBeds = z.infer<typeof premisesWithBedsSchema>;
export type OutOfService = z.infer<typeof outOfServiceSchema>;
export type OutOfServiceChange = z.infer<typeof outOfServiceChangeBody>;
