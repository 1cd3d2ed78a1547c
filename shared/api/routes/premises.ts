import * as z from "zod";
import { listOf } from "../../schemas/common.js";
import {
  bedIdParams,
  bedInput,
  bedSchema,
  createPremisesBody,
  listPremisesQuery,
  outOfServiceBody,
  outOfServiceSchema,
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

export const premisesRoutes = defineRoutes([
  createPremises,
  listPremises,
  getPremises,
  patchPremises,
  addBed,
  createOutOfService,
  listOutOfService,
]);
