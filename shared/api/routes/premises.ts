import * as z from "zod";
import { listOf } from "../../schemas/common.js";
import {
  bedArchiveBody,
  bedIdParams,
  bedInput,
  bedSchema,
  createPremisesBody,
  listPremisesQuery,
  outOfServiceBody,
  outOfServiceCancellationBody,
  outOfServiceChangeBody,
  outOfServiceIdParams,
  outOfServiceSchema,
  outOfServiceWithRevisionsSchema,
  patchPremisesBody,
  premisesIdParam,
  premisesSchema,
  premisesWithBedsSchema,
} from "../../schemas/premises.js";
import { defineRoutes, type RouteDef } from "../route.js";

const ALL_ROLES = ["cru", "ap-manager", "admin"] as const;

export const createPremises = {
  operationId: "createPremises",
  method: "POST",
  path: "/premises",
  group: "premises",
  roles: ["admin"],
  tag: "Premises and beds",
  summary: "Set up a premises with its beds",
  description:
    "bufferDays (0–14, default 2) is kept free after every departure. bedId is unique within the premises. 409 when the premisesId exists.",
  body: createPremisesBody,
  responses: { 201: { description: "Created", schema: premisesWithBedsSchema, headers: ["Location"] } },
  problems: [409],
} as const satisfies RouteDef;

export const listPremises = {
  operationId: "listPremises",
  method: "GET",
  path: "/premises",
  group: "premises",
  roles: ALL_ROLES,
  tag: "Premises and beds",
  summary: "List premises, optionally in one CRU area",
  description: "Every role sees every premises (set-up details reveal nothing about people).",
  query: listPremisesQuery,
  responses: { 200: { description: "Premises", schema: listOf(premisesSchema) } },
} as const satisfies RouteDef;

export const getPremises = {
  operationId: "getPremises",
  method: "GET",
  path: "/premises/{premisesId}",
  group: "premises",
  roles: ALL_ROLES,
  tag: "Premises and beds",
  summary: "One premises with its beds",
  description: "Every role may read any premises' set-up. ETag is its version.",
  premisesScope: "any",
  params: premisesIdParam,
  responses: { 200: { description: "The premises", schema: premisesWithBedsSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const patchPremises = {
  operationId: "patchPremises",
  method: "PATCH",
  path: "/premises/{premisesId}",
  group: "premises",
  roles: ["admin"],
  tag: "Premises and beds",
  summary: "Change a premises' name, buffer days, characteristics or mailbox",
  description:
    "Name at least one field. A new bufferDays applies to stays allocated from now on; existing stays keep the buffer they were allocated with. `email` is the AP's shared mailbox: booking, stay reduction and alert emails for this premises go there (GOV.UK Notify; recorded as delivered locally when run locally).",
  params: premisesIdParam,
  body: patchPremisesBody,
  ifMatch: true,
  responses: { 200: { description: "The premises", schema: premisesWithBedsSchema, headers: ["ETag"] } },
  problems: [412],
} as const satisfies RouteDef;

export const addBed = {
  operationId: "addBed",
  method: "POST",
  path: "/premises/{premisesId}/beds",
  group: "premises",
  roles: ["admin"],
  tag: "Premises and beds",
  summary: "Add a bed to a premises",
  description: "409 when the premises already has a bed with this bedId.",
  params: premisesIdParam,
  body: bedInput,
  responses: { 201: { description: "Created", schema: bedSchema, headers: ["Location"] } },
  problems: [409],
} as const satisfies RouteDef;

export const createOutOfService = {
  operationId: "createOutOfService",
  method: "POST",
  path: "/premises/{premisesId}/beds/{bedId}/out-of-service",
  group: "premises",
  roles: ["admin", "ap-manager"],
  tag: "Premises and beds",
  summary: "Take a bed out of service for a period",
  description:
    "Nights startDate…endDate inclusive. Refused with 409 listing the stays (occupied or buffer nights) or other out-of-service periods it would overlap.",
  params: bedIdParams,
  body: outOfServiceBody,
  responses: { 201: { description: "Created", schema: outOfServiceSchema } },
  problems: [409],
} as const satisfies RouteDef;

export const listOutOfService = {
  operationId: "listOutOfService",
  method: "GET",
  path: "/premises/{premisesId}/out-of-service",
  group: "premises",
  roles: ALL_ROLES,
  tag: "Premises and beds",
  summary: "Current and future out-of-service periods of a premises",
  description: "Periods whose last night is today or later. Every role may read any premises'.",
  premisesScope: "any",
  params: premisesIdParam,
  query: z.strictObject({}),
  responses: { 200: { description: "Periods", schema: listOf(outOfServiceSchema) } },
} as const satisfies RouteDef;

export const getOutOfService = {
  operationId: "getOutOfService",
  method: "GET",
  path: "/premises/{premisesId}/out-of-service/{outOfServiceId}",
  group: "premises",
  roles: ALL_ROLES,
  tag: "Premises and beds",
  summary: "One out-of-service period with its revisions",
  description:
    "Active or cancelled, with every change made to it (who, when, the period before and after), oldest first. ETag is its version. Every role may read any premises' periods.",
  premisesScope: "any",
  params: outOfServiceIdParams,
  responses: {
    200: { description: "The period", schema: outOfServiceWithRevisionsSchema, headers: ["ETag"] },
  },
} as const satisfies RouteDef;

export const changeOutOfService = {
  operationId: "changeOutOfService",
  method: "PATCH",
  path: "/premises/{premisesId}/out-of-service/{outOfServiceId}",
  group: "premises",
  roles: ["admin", "ap-manager"],
  tag: "Premises and beds",
  summary: "End an out-of-service period early, change its dates or correct its reason",
  description:
    "Name at least one field. To end early, send `endDate` alone: the last night out of service, yesterday at the earliest (the bed is back in service tonight). A period under way keeps its first night; one that is over cannot change (400). The new nights must not touch a stay's occupied or buffer nights, held nights or another period on the bed (409 `bed-not-free` listing them); stays whose buffer the period cut short get it back. Each change is a revision of the period.",
  params: outOfServiceIdParams,
  body: outOfServiceChangeBody,
  ifMatch: true,
  responses: { 200: { description: "The period", schema: outOfServiceSchema, headers: ["ETag"] } },
  problems: [409, 412],
} as const satisfies RouteDef;

export const cancelOutOfService = {
  operationId: "cancelOutOfService",
  method: "POST",
  path: "/premises/{premisesId}/out-of-service/{outOfServiceId}/cancellation",
  group: "premises",
  roles: ["admin", "ap-manager"],
  tag: "Premises and beds",
  summary: "Cancel an out-of-service period that has not begun",
  description:
    "The period's nights are free again; it stays readable, `cancelled`, with its revisions. A period that has begun is ended early instead (409 `out-of-service-begun`).",
  params: outOfServiceIdParams,
  body: outOfServiceCancellationBody,
  ifMatch: true,
  responses: { 200: { description: "The cancelled period", schema: outOfServiceSchema, headers: ["ETag"] } },
  problems: [409, 412],
} as const satisfies RouteDef;

export const archiveBed = {
  operationId: "archiveBed",
  method: "PUT",
  path: "/premises/{premisesId}/beds/{bedId}/archive",
  group: "premises",
  roles: ["admin", "ap-manager"],
  tag: "Premises and beds",
  summary: "Archive a bed from a night: it takes no stay on or after it",
  description:
    "Beds are never deleted: their stays and history stay readable. `archivedFrom` is today or later. Refused (409 `bed-in-use`, listing them) while a stay's occupied nights or held nights run on or past it; a stay that departs that morning is no obstacle, nor is an out-of-service period. Allocation, stay changes and transfers then refuse the bed's nights from that date (409, conflict kind `archived`), and bed options stop offering them. Sending it again moves the date.",
  params: bedIdParams,
  body: bedArchiveBody,
  responses: { 200: { description: "The bed", schema: bedSchema } },
  problems: [409],
} as const satisfies RouteDef;

export const unarchiveBed = {
  operationId: "unarchiveBed",
  method: "DELETE",
  path: "/premises/{premisesId}/beds/{bedId}/archive",
  group: "premises",
  roles: ["admin", "ap-manager"],
  tag: "Premises and beds",
  summary: "Take a bed's archive off: it takes stays again",
  description: "A bed that is not archived is answered as it is.",
  params: bedIdParams,
  responses: { 200: { description: "The bed", schema: bedSchema } },
} as const satisfies RouteDef;

export const premisesRoutes = defineRoutes([
  createPremises,
  listPremises,
  getPremises,
  patchPremises,
  addBed,
  createOutOfService,
  listOutOfService,
  getOutOfService,
  changeOutOfService,
  cancelOutOfService,
  archiveBed,
  unarchiveBed,
]);
