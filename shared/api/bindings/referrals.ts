import { changeReferral } from "../../services/referral-change-service.js";
import * as referrals from "../../services/referrals-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/referrals.js";

export const referralsBindings: Binding[] = [
  implement(routes.createReferral, async ({ body, principal, idempotencyKey }) => {
    const { referral, status, replayed } = await referrals.submitReferral(body, principal, idempotencyKey);
    return {
      status,
      body: referral,
      headers: {
        location: `/referrals/${referral.referralId}`,
        etag: `"${referral.version}"`,
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
      },
    };
  }),

  implement(routes.listReferrals, async ({ query, principal }) => ({
    status: 200,
    body: await referrals.listReferrals(query, principal),
  })),

  implement(routes.getReferral, async ({ params, principal }) => {
    const referral = await referrals.getReferral(params.referralId, principal);
    return { status: 200, body: referral, headers: { etag: `"${referral.version}"` } };
  }),

  implement(routes.changeReferral, async ({ params, body, principal, ifMatch }) => {
    const changed = await changeReferral(params.referralId, body, principal, ifMatch);
    return { status: 200, body: changed, headers: { etag: `"${changed.referral.version}"` } };
  }),

  implement(routes.withdrawReferral, async ({ params, body, principal, ifMatch }) => {
    const withdrawn = await referrals.withdrawReferral(params.referralId, body, principal, ifMatch);
    return { status: 200, body: withdrawn, headers: { etag: `"${withdrawn.version}"` } };
  }),
];
