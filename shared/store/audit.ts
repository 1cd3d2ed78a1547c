import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { tableName } from "./client.js";

export type EntityType =
  | "premises"
  | "bed"
  | "out-of-service"
  | "referral"
  | "booking"
  | "stay-reduction"
  | "alert"
  | "mailbox";

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  entityType: EntityType;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * An audit event is written in the same transaction as the change it records, in the
 * partition of the entity it belongs to, so an entity's history is one Query.
 */
export function auditItem(partitionKey: string, event: Omit<AuditEvent, "at"> & { at?: string }) {
  const at = event.at ?? nowIso();
  const id = ulid();
  return {
    PK: partitionKey,
    SK: `AUDIT#${at}#${id}`,
    GSI1PK: `AUDIT#${at.slice(0, 10)}`,
    GSI1SK: `${at}#${id}`,
    type: "audit",
    ...event,
    at,
  };
}

export function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const { at, actor, action, entityType, entityId, before, after } = item as unknown as AuditEvent;
  return { at, actor, action, entityType, entityId, before, after };
}

/** The audit event as a transaction item, beside the change it records. */
export const auditPut = (partitionKey: string, event: Omit<AuditEvent, "at"> & { at?: string }) => ({
  Put: { TableName: tableName(), Item: auditItem(partitionKey, event) },
});
