import { actorOf, assertPremisesScope, hasRole, type Principal } from "../domain/actor.js";
import { badRequest, forbidden, notFound } from "../domain/errors.js";
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
  // Alerts without a premises (unplaced referrals) are CRU's; to a manager they do not exist.
  if (!alert.premisesId) throw notFound("Alert", alert.alertId);
  assertPremisesScope(principal, alert.premisesId, { what: "Alert", id: alert.alertId });
}

export async function listAlerts(query: Parameters<typeof store.listAlerts>[0], principal: Principal) {
  const premisesId = hasRole(principal, "cru")
    ? query.premisesId
    : managerPremises(principal, query.premisesId);
  return store.listAlerts({ ...query, premisesId });
}

export function acknowledgeAlert(
  alertId: string,
  note: string | undefined,
  principal: Principal,
  ifMatch?: number,
): Promise<Alert> {
  return store.acknowledgeAlert(alertId, actorOf(principal), note, ifMatch, (a) =>
    assertMayAcknowledge(principal, a),
  );
}
