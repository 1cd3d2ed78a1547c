import { principalFromClaims } from "../../domain/actor.js";
import { localSignInSchema } from "../../schemas/sign-in.js";
import { listPremises } from "../../services/premises-service.js";
import {
  authorizeUrl,
  completeSignIn,
  type Fetch,
  type IdTokenVerifier,
  logoutUrl,
  type PendingSignIn,
  SIGN_IN_COOKIE,
  SIGN_IN_MINUTES,
  safeNext,
  signInMode,
  startSignIn,
} from "../auth.js";
import { formErrors, problemOfZod } from "../error-summary.js";
import { field, fields } from "../forms.js";
import type { Controller, PageRequest } from "../page.js";
import {
  cookieName,
  newSession,
  readCookies,
  SESSION_HOURS,
  type Session,
  seal,
  secureCookies,
  serialiseCookie,
  sessionKey,
  unseal,
} from "../session.js";
import { layoutModel } from "../view-models/layout.js";
import { localSignInModel, SIGN_IN_FIELDS, type SignInValues } from "../view-models/sign-in.js";

/** Tests replace the token endpoint and the verifier; nothing else does. */
export const authDeps: { fetch?: Fetch; verify?: IdTokenVerifier } = {};

async function allPremises() {
  const out: { premisesId: string; name: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPremises({ limit: 200, cursor });
    out.push(...page.items.map((p) => ({ premisesId: p.premisesId, name: p.name })));
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A fresh session for the signed-in user: a new CSRF token, so nothing from before carries over. */
function signedIn(session: Session, principal: Session["principal"], expiresAt: number) {
  const fresh = newSession();
  for (const k of Object.keys(session) as (keyof Session)[]) delete session[k];
  Object.assign(session, fresh, { principal, expiresAt });
}

async function localForm(req: PageRequest, values: SignInValues, errors?: ReturnType<typeof formErrors>) {
  return {
    render: "pages/sign-in.njk",
    status: errors ? 400 : 200,
    model: {
      ...layoutModel({ session: req.session, title: ["Sign in"], hasErrors: !!errors }),
      ...localSignInModel(await allPremises(), values, errors),
      next: safeNext(req.query.next ?? field(req.form, "next")),
    },
  };
}

export const getSignIn: Controller = async (req) => {
  const mode = signInMode();
  if (mode.mode === "local") return localForm(req, {});
  return {
    render: "pages/sign-in.njk",
    model: {
      ...layoutModel({ session: req.session, title: ["Sign in"] }),
      mode: mode.mode,
      next: safeNext(req.query.next),
    },
  };
};

export const postSignIn: Controller = async (req) => {
  const mode = signInMode();
  const next = safeNext(field(req.form, "next"));
  if (mode.mode === "local") {
    const values = {
      role: field(req.form, "role"),
      user: field(req.form, "user")?.trim(),
      premises: fields(req.form, "premises"),
    };
    const parsed = localSignInSchema.safeParse(values);
    if (!parsed.success)
      return localForm(req, values, formErrors(problemOfZod(parsed.error), SIGN_IN_FIELDS));
    const known = new Set((await allPremises()).map((p) => p.premisesId));
    const unknown = parsed.data.premises.filter((p) => !known.has(p));
    if (unknown.length > 0) {
      return localForm(
        req,
        values,
        formErrors(
          {
            status: 400,
            detail: "unknown premises",
            invalidParams: [{ name: "premises", reason: `${unknown.join(", ")} does not exist` }],
          },
          SIGN_IN_FIELDS,
        ),
      );
    }
    // The claims a local token carries, read by the same function the API's authoriser uses.
    const principal = principalFromClaims({
      sub: `local-${parsed.data.user}`,
      "cognito:groups": [parsed.data.role],
      "cognito:username": parsed.data.user,
      ...(parsed.data.premises.length ? { "custom:premises": parsed.data.premises.join(",") } : {}),
    });
    signedIn(req.session, principal, Date.now() + SESSION_HOURS * 3_600_000);
    return { redirect: next };
  }
  if (mode.mode === "cognito") {
    const pending = startSignIn(next);
    const secure = secureCookies();
    const cookie = serialiseCookie(
      cookieName(SIGN_IN_COOKIE, secure),
      seal(pending, await sessionKey(), "sign-in"),
      { secure, maxAgeSeconds: SIGN_IN_MINUTES * 60 },
    );
    return { redirect: authorizeUrl(mode, pending, req.origin), cookies: [cookie] };
  }
  return {
    render: "pages/error-500.njk",
    status: 503,
    model: {
      ...layoutModel({ session: req.session, title: ["Sign in"] }),
      heading: "Sign-in is not configured",
    },
  };
};

/** Cognito sends the browser back here with the code; the state must match the sign-in cookie's. */
export const authCallback: Controller = async (req) => {
  const mode = signInMode();
  const secure = secureCookies();
  const name = cookieName(SIGN_IN_COOKIE, secure);
  const clear = serialiseCookie(name, "", { secure, maxAgeSeconds: 0 });
  const refuse = () => ({
    render: "pages/error-500.njk",
    status: 400,
    model: {
      ...layoutModel({ session: req.session, title: ["Sign in"] }),
      heading: "Sign-in did not complete",
    },
  });
  if (mode.mode !== "cognito") return refuse();
  const sealed = readCookies(req.cookies).get(name);
  const pending = sealed ? unseal<PendingSignIn>(sealed, await sessionKey(), "sign-in") : undefined;
  const { code, state } = req.query;
  if (!pending || pending.expiresAt < Date.now() || !code || !state || state !== pending.state)
    return refuse();
  const claims = await completeSignIn(mode, code, pending, req.origin, authDeps);
  const principal = principalFromClaims(claims);
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 3_600_000;
  signedIn(req.session, principal, Math.min(exp, Date.now() + SESSION_HOURS * 3_600_000));
  return { redirect: safeNext(pending.next), cookies: [clear] };
};

export const signOut: Controller = async (req) => {
  const fresh = newSession();
  for (const k of Object.keys(req.session) as (keyof Session)[]) delete req.session[k];
  Object.assign(req.session, fresh);
  const mode = signInMode();
  return { redirect: mode.mode === "cognito" ? logoutUrl(mode, req.origin) : "/signed-out" };
};

export const signedOut: Controller = async (req) => ({
  render: "pages/signed-out.njk",
  model: layoutModel({ session: req.session, title: ["You have signed out"] }),
});
