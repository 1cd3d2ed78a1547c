import * as changes from "./controllers/cru-stay-changes.js";
import type { Controller, PageRoute } from "./page.js";

const CRU = ["cru"] as const;

/** A form and its "check your answers" page: GET and POST at `path` and at `path/check`, CRU only. */
const formWithCheck = (
  path: string,
  c: { get: Controller; post: Controller; getCheck: Controller; postCheck: Controller },
): PageRoute[] => [
  { method: "GET", path, access: CRU, controller: c.get },
  { method: "POST", path, access: CRU, controller: c.post },
  { method: "GET", path: `${path}/check`, access: CRU, controller: c.getCheck },
  { method: "POST", path: `${path}/check`, access: CRU, controller: c.postCheck },
];

/**
 * The `web-cru-changes` function's pages: the CRU's stay changes (issue 12), each a form and
 * its check page: a booking's dates before arrival, a transfer, the referral's details. They
 * run apart from the other CRU pages (cru-routes.ts) so that each bundle stays under 500 KB.
 */
export const CRU_CHANGE_PAGE_ROUTES: readonly PageRoute[] = [
  ...formWithCheck("/cru/bookings/{bookingId}/date-change", {
    get: changes.getDateChange,
    post: changes.postDateChange,
    getCheck: changes.getDateChangeCheck,
    postCheck: changes.postDateChangeCheck,
  }),
  ...formWithCheck("/cru/bookings/{bookingId}/transfer", {
    get: changes.getTransfer,
    post: changes.postTransfer,
    getCheck: changes.getTransferCheck,
    postCheck: changes.postTransferCheck,
  }),
  ...formWithCheck("/cru/referrals/{referralId}/change", {
    get: changes.getReferralChange,
    post: changes.postReferralChange,
    getCheck: changes.getReferralChangeCheck,
    postCheck: changes.postReferralChangeCheck,
  }),
];
