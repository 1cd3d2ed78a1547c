import type { Principal } from "../domain/actor.js";
import type { Role } from "../domain/vocabulary.js";
import type { FormFields } from "./forms.js";
import type { Flash, Session } from "./session.js";

/** Who may open a page: anyone, or signed-in users with one of the roles. */
export type PageAccess = "public" | readonly Role[];

export interface PageRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  /** The submitted form (POST only; empty for GET). */
  form: FormFields;
  /** Mutable: a controller may store pending answers or a flash; the handler re-seals it. */
  session: Session;
  /** Present on every page that is not public. */
  principal: Principal;
  /** `https://host` as the browser sees it, for absolute URLs (the sign-in callback). */
  origin: string;
  /** The path and query of this request, to return to after signing in. */
  url: string;
  /** The request's cookies as API Gateway passes them (`name=value` each). */
  cookies: readonly string[];
}

export type PageResult =
  | { render: string; model: Record<string, unknown>; status?: number }
  | { redirect: string; flash?: Flash; cookies?: string[] }
  | {
      raw: { contentType: string; body: string | Buffer; headers?: Record<string, string> };
      status?: number;
    };

export type Controller = (req: PageRequest) => Promise<PageResult>;

export interface PageRoute {
  method: "GET" | "POST";
  /** API Gateway style: `{param}`, and `{name+}` for the rest of the path. */
  path: string;
  access: PageAccess;
  /** "path": the `{premisesId}` must be one the user may act on; any other is a 404 page. */
  premisesScope?: "path";
  /** Assets need no session: no cookie is read or written. */
  stateless?: boolean;
  controller: Controller;
}

export const pageKeyOf = (r: Pick<PageRoute, "method" | "path">) => `${r.method} ${r.path}`;

/** Redirect helper that sets a flash shown once on the next page. */
export const redirect = (location: string, flash?: Flash): PageResult => ({ redirect: location, flash });
