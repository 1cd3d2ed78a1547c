import { type Binding, implement } from "../http/api-handler.js";
import { actorOf, assertPremisesScope, hasRole, type Principal } from "../http/principal.js";
import { badRequest, forbidden } from "../http/problem.js";
import * as routes from "../routes/alerts.js";
import type { Alert } from "../schemas/alerts.js";
import * as store from "../store/alerts-store.js";

/** Which premises an ap-manager's list is about when it names none. */
function managerPremises(principal: Principal, requested: string | undefined): string {
  if (requested) {
    assertPremisesScope(principal, requested);
    return requested;
  }
  const [only, ...more] = principal.premises;
  if (!only) throw forbidden("Your account is not linked to any premises");
  if (more.length > 0) {
    throw badRequest("You manage several premises: name one with premisesId", [
      { name: "premisesId", reason: `is required; one of ${principal.premises.join(", ")}` },
    ]);
  }
  return only;
}

function assertMayAcknowledge(principal: Principal, alert: Alert): void {
  if (hasRole(principal, "cru")) return;
  // Alerts without a premises (unplaced referrals) are CRU's to act on.
  if (!alert.premisesId) throw forbidden("Only CRU acknowledges alerts about unplaced referrals");
  assertPremisesScope(principal, alert.premisesId);
}

export const alertsBindings: Binding[] = [
  implement(routes.listAlerts, async ({ query, principal }) => {
    const premisesId = hasRole(principal, "cru")
      ? query.premisesId
      : managerPremises(principal, query.premisesId);
    return { status: 200, body: await store.listAlerts({ ...query, premisesId }) };
  }),

  implement(routes.acknowledgeAlert, async ({ params, body, principal, ifMatch }) => {
    const alert = await store.acknowledgeAlert(params.alertId, actorOf(principal), body.note, ifMatch, (a) =>
      assertMayAcknowledge(principal, a),
    );
    return { status: 200, body: alert, headers: { etag: `"${alert.version}"` } };
  }),
];
