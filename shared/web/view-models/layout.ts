import type { Principal } from "../../domain/actor.js";
import { ROLE_LABELS, type Role } from "../../domain/vocabulary.js";
import type { Session } from "../session.js";

export const SERVICE_NAME = "Approved Premises";

/** GOV.UK title order: most specific first, the service last, "Error: " when the form has errors. */
export function pageTitle(parts: readonly string[], hasErrors = false): string {
  return `${hasErrors ? "Error: " : ""}${[...parts, SERVICE_NAME].join(" – ")}`;
}

export interface NavItem {
  href: string;
  text: string;
}

/** The service navigation per role; the first item a role has is its home. */
export const NAVIGATION: Record<Role, NavItem[]> = {
  "ap-manager": [{ href: "/", text: "Your premises" }],
  cru: [
    { href: "/cru/referrals", text: "Referrals" },
    { href: "/cru/referrals/new", text: "Submit a referral" },
    { href: "/cru/occupancy", text: "National occupancy" },
  ],
  admin: [
    { href: "/", text: "Home" },
    { href: "/admin/notifications", text: "Notifications" },
  ],
};

export interface LayoutInput {
  session: Session;
  principal?: Principal;
  /** Title parts, most specific first: ["Record arrival", "Camberwell Road AP"]. */
  title: readonly string[];
  hasErrors?: boolean;
  /** The current path, to mark the active navigation item. */
  path?: string;
}

/** What templates/layout.njk needs on every page. */
export function layoutModel(input: LayoutInput) {
  const { principal } = input;
  const signedIn = principal !== undefined && principal.roles.length > 0;
  const role = signedIn ? principal.roles[0] : undefined;
  const navigation = role
    ? [
        ...NAVIGATION[role].map((n) => ({ ...n, active: input.path === n.href })),
        { href: "/sign-out", text: "Sign out" },
      ]
    : [];
  return {
    pageTitle: pageTitle(input.title, input.hasErrors),
    serviceName: SERVICE_NAME,
    csrfToken: input.session.csrf,
    navigation,
    user: signedIn
      ? { name: principal.username, role: principal.roles.map((r) => ROLE_LABELS[r]).join(", ") }
      : undefined,
  };
}
