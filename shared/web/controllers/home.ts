import { hasRole } from "../../domain/actor.js";
import { requirePremises } from "../../services/premises-service.js";
import type { Controller } from "../page.js";
import { homeModel } from "../view-models/home.js";
import { layoutModel } from "../view-models/layout.js";

/** Each role's start: an AP manager of one premises goes straight to it. */
export const home: Controller = async (req) => {
  const { principal, session } = req;
  if (hasRole(principal, "ap-manager")) {
    const [only, ...more] = principal.premises;
    if (only && more.length === 0) return { redirect: `/premises/${encodeURIComponent(only)}/placements` };
    // A premises named on the account but since removed is left out rather than failing the page.
    const premises = await Promise.all(
      principal.premises.map((id) =>
        requirePremises(id).then(
          (p) => p.premises,
          () => undefined,
        ),
      ),
    );
    return {
      render: "pages/home.njk",
      model: {
        ...layoutModel({ session, principal, title: ["Your premises"], path: "/" }),
        ...homeModel(premises.filter((p) => p !== undefined)),
      },
    };
  }
  if (hasRole(principal, "cru")) return { redirect: "/cru/referrals" };
  return {
    render: "pages/home.njk",
    model: {
      ...layoutModel({ session, principal, title: ["Home"], path: "/" }),
      heading: "Approved Premises",
      // An administrator's one page so far: what the notifier sent, or recorded locally.
      premises: [{ name: "Notifications sent", href: "/admin/notifications" }],
      empty: "",
    },
  };
};
