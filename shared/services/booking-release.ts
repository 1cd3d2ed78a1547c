import { conflict } from "../http/problem.js";
import type { Referral } from "../schemas/referrals.js";

/**
 * Withdrawing an allocated referral cancels its booking and frees the bed's footprint in
 * one transaction. Owned by the allocation feature; the referrals service calls it.
 */
export async function withdrawAllocatedReferral(
  referral: Referral,
  _withdrawal: { reason: string; notes?: string },
  _actor: string,
): Promise<Referral> {
  throw conflict(`Referral ${referral.referralId} is allocated; releasing its booking is not available yet`);
}
