import * as cru from "./controllers/cru.js";
import type { PageRoute } from "./page.js";

const CRU = ["cru"] as const;

/**
 * The CRU's pages, kept apart from the shared table so each role's pages are one file.
 * Every one is CRU only: an AP manager gets the 403 page (as the API answers 403 for a role
 * that may never call a route).
 */
export const CRU_PAGE_ROUTES: readonly PageRoute[] = [
  // CRU: the queue, a referral, bed options, allocation, stay reduction requests, withdrawal, occupancy.
  { method: "GET", path: "/cru/referrals", access: CRU, controller: cru.queue },
  { method: "GET", path: "/cru/referrals/new", access: CRU, controller: cru.getNewReferral },
  { method: "POST", path: "/cru/referrals/new", access: CRU, controller: cru.postNewReferral },
  { method: "GET", path: "/cru/referrals/{referralId}", access: CRU, controller: cru.showReferral },
  {
    method: "GET",
    path: "/cru/referrals/{referralId}/bed-options",
    access: CRU,
    controller: cru.showBedOptions,
  },
  { method: "GET", path: "/cru/referrals/{referralId}/allocate", access: CRU, controller: cru.getAllocate },
  { method: "POST", path: "/cru/referrals/{referralId}/allocate", access: CRU, controller: cru.postAllocate },
  { method: "GET", path: "/cru/referrals/{referralId}/withdraw", access: CRU, controller: cru.getWithdraw },
  { method: "POST", path: "/cru/referrals/{referralId}/withdraw", access: CRU, controller: cru.postWithdraw },
  {
    method: "GET",
    path: "/cru/referrals/{referralId}/withdraw/check",
    access: CRU,
    controller: cru.getWithdrawCheck,
  },
  {
    method: "POST",
    path: "/cru/referrals/{referralId}/withdraw/check",
    access: CRU,
    controller: cru.postWithdrawCheck,
  },
  {
    method: "GET",
    path: "/cru/bookings/{bookingId}/stay-reduction",
    access: CRU,
    controller: cru.getStayReduction,
  },
  {
    method: "POST",
    path: "/cru/bookings/{bookingId}/stay-reduction",
    access: CRU,
    controller: cru.postStayReduction,
  },
  { method: "GET", path: "/cru/occupancy", access: CRU, controller: cru.occupancy },
  { method: "GET", path: "/cru/bookings/{bookingId}/concern", access: CRU, controller: cru.getConcern },
  { method: "POST", path: "/cru/bookings/{bookingId}/concern", access: CRU, controller: cru.postConcern },
  {
    method: "GET",
    path: "/cru/bookings/{bookingId}/concern/check",
    access: CRU,
    controller: cru.getConcernCheck,
  },
  {
    method: "POST",
    path: "/cru/bookings/{bookingId}/concern/check",
    access: CRU,
    controller: cru.postConcernCheck,
  },
];
