import { badRequest } from "../domain/errors.js";

/**
 * Cursors are the DynamoDB LastEvaluatedKey, base64url-encoded. A cursor is checked
 * against the partition it is used with, so a forged one is a 400, never a DynamoDB
 * ValidationException.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(
  cursor: string | undefined,
  expect: Record<string, string>,
  allowedKeys: readonly string[],
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor is not one this API issued", [{ name: "cursor", reason: "is not valid" }]);
  }
  const ok =
    parsed !== null &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(
      ([k, v]) => allowedKeys.includes(k) && typeof v === "string" && v.length < 1024,
    ) &&
    Object.entries(expect).every(([k, v]) => (parsed as Record<string, unknown>)[k] === v) &&
    allowedKeys.every((k) => typeof (parsed as Record<string, unknown>)[k] === "string");
  if (!ok)
    throw badRequest("cursor does not belong to this list", [{ name: "cursor", reason: "is not valid" }]);
  return parsed as Record<string, string>;
}
