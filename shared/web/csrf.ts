import { timingSafeEqual } from "node:crypto";
import type { Session } from "./session.js";

/** The hidden field every form carries; its value is the session's token. */
export const CSRF_FIELD = "_csrf";

/**
 * Synchronizer token: the token sits in the sealed session cookie, so a page on another
 * site can neither read it nor forge a form that carries it.
 */
export function csrfValid(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== "string" || submitted.length === 0) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
