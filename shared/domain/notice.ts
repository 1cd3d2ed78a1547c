import { type CalendarDate, daysBetween, londonDateOf } from "./dates.js";

export type NoticeType = "emergency" | "short-notice" | "standard";

/** The service's own thresholds: emergency is a week or less, short notice four weeks or less. */
export const EMERGENCY_MAX_DAYS = 7;
export const SHORT_NOTICE_MAX_DAYS = 28;

/** Release schemes that give the AP 24–48 hours' notice, so a short notice is not CRU's doing. */
export const EARLY_RELEASE_TYPES: ReadonlySet<string> = new Set(["ecsl", "hdc"]);

export const isEarlyRelease = (releaseType: string) => EARLY_RELEASE_TYPES.has(releaseType);

export function noticeTypeFor(noticeDays: number): NoticeType {
  if (noticeDays <= EMERGENCY_MAX_DAYS) return "emergency";
  if (noticeDays <= SHORT_NOTICE_MAX_DAYS) return "short-notice";
  return "standard";
}

/**
 * Notice is counted in London calendar days from the day the referral was submitted, so a
 * referral sent at 23:30 UTC on 30 June (00:30 BST, 1 July) counts from 1 July. An arrival
 * already past gives no notice at all rather than a negative number.
 */
export function computeNotice(
  submittedAt: Date,
  expectedArrivalDate: CalendarDate,
): { noticeType: NoticeType; noticeDays: number } {
  const noticeDays = Math.max(0, daysBetween(londonDateOf(submittedAt), expectedArrivalDate));
  return { noticeType: noticeTypeFor(noticeDays), noticeDays };
}
