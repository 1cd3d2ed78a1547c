import { fieldText } from "./forms.js";
import type { PageRequest } from "./page.js";
import { MAX_SEALED_SESSION, sealedLength } from "./session.js";

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

/**
 * Answers too long to keep in the session cookie. The handler answers with a page that says
 * so (nothing was changed) rather than letting the browser drop the cookie, which would send
 * the user from the check page back to an empty form without a word.
 */
export class AnswersTooLong extends Error {
  constructor(readonly field: string | undefined) {
    super("the answers do not fit in the session");
    this.name = "AnswersTooLong";
  }
}

export function hold<B>(req: PageRequest, key: string, pending: PendingAnswers<B>): void {
  const entry = { ...pending } as Record<string, unknown>;
  req.session.pending = { ...req.session.pending, [key]: entry };
  if (sealedLength(req.session) <= MAX_SEALED_SESSION) return;
  // Answers left on other check pages were abandoned; these are the ones being checked now.
  req.session.pending = { [key]: entry };
  if (sealedLength(req.session) <= MAX_SEALED_SESSION) return;
  release(req, key);
  throw new AnswersTooLong(longestField(pending.body));
}

const longestField = (body: unknown): string | undefined =>
  Object.entries(body as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === "string")
    .sort((a, b) => b[1].length - a[1].length)[0]?.[0];

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
