import { fieldText } from "./forms.js";
import type { PageRequest } from "./page.js";

/**
 * Answers waiting on a "check your answers" page: the operation's body, and the version the
 * form was opened at, so that confirming sends it as If-Match and a change made meanwhile is
 * refused rather than overwritten. They live in the sealed session cookie, keyed per action
 * and record, until the check page is confirmed or abandoned.
 */
export interface PendingAnswers<B = Record<string, unknown>> {
  body: B;
  version?: number;
}

export function hold<B>(req: PageRequest, key: string, pending: PendingAnswers<B>): void {
  req.session.pending = { ...req.session.pending, [key]: { ...pending } as Record<string, unknown> };
}

/** The held answers, if any (a session without them, or with something else under the key, has none). */
export function held<B = Record<string, unknown>>(
  req: PageRequest,
  key: string,
): PendingAnswers<B> | undefined {
  const v = req.session.pending?.[key] as PendingAnswers<B> | undefined;
  return v?.body ? v : undefined;
}

export function release(req: PageRequest, key: string): void {
  if (!req.session.pending) return;
  delete req.session.pending[key];
  if (Object.keys(req.session.pending).length === 0) delete req.session.pending;
}

/** The version a form was opened at (its hidden `version` field), when it carries a real one. */
export const versionOf = (req: PageRequest): number | undefined => {
  const v = Number(fieldText(req.form, "version"));
  return Number.isInteger(v) && v > 0 ? v : undefined;
};
