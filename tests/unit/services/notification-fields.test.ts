import { describe, expect, it } from "vitest";
import {
  NOTIFICATION_CONTENT_FIELDS,
  NOTIFICATION_RECORD_FIELDS,
  notificationContent,
  notificationSchema,
  PERSONALISATION_FIELDS,
} from "../../../shared/schemas/notifications.js";
import { eventDetailOf, personalisationOf } from "../../../shared/services/notifier.js";
import { notificationPut, toNotificationRecord } from "../../../shared/store/notifications.js";

/** Fields a notification must never carry: it leaves the data boundary as an email and an event. */
const PERSONAL = /name|address|dob|birth|phone|email$|gender|risk|offence|prison|pnc|noms/i;

const full = {
  kind: "booking-made",
  premisesId: "p1",
  area: "london",
  crn: "X123456",
  bookingId: "bk-1",
  referralId: "rf-1",
  alertId: "al-1",
  requestId: "rq-1",
  arrivalDate: "2026-12-01",
  departureDate: "2027-01-10",
  daysLeft: 7,
  detail: "threshold 7",
};

describe("the notification's one field list (shared/schemas/notifications.ts)", () => {
  it("carries ids, dates, counts and the CRN only, never a name or an address", () => {
    expect(NOTIFICATION_CONTENT_FIELDS).toEqual(Object.keys(full));
    for (const f of NOTIFICATION_CONTENT_FIELDS) expect(f).not.toMatch(PERSONAL);
    // A producer that passes a name or an address has it dropped, not stored.
    const withPerson = { ...full, name: "John Smith", address: "12 Acacia Avenue" };
    expect(notificationContent.parse(withPerson)).toEqual(full);
    process.env.TABLE_NAME = "t-unit";
    const { item, record } = notificationPut(withPerson);
    expect(JSON.stringify(item)).not.toMatch(/John Smith|Acacia/);
    expect(record).toMatchObject(full);
  });

  it("the stored record, the personalisation and the event detail all derive from it", () => {
    expect(NOTIFICATION_RECORD_FIELDS).toEqual(Object.keys(notificationSchema.shape));
    for (const f of NOTIFICATION_CONTENT_FIELDS) expect(NOTIFICATION_RECORD_FIELDS).toContain(f);
    expect(PERSONALISATION_FIELDS).toEqual([...NOTIFICATION_CONTENT_FIELDS, "notificationId", "createdAt"]);

    // Read back from an item: every listed field, and no key, claim, index attribute or stray field.
    const item = {
      PK: "NOTIFICATION#n1",
      SK: "#NOTIFICATION",
      GSI2PK: "OUTBOX#unpublished",
      emailClaimToken: "t",
      emailClaimedUntil: 1,
      personName: "John Smith",
      ...full,
      notificationId: "n1",
      createdAt: "2026-11-23T10:00:00.000Z",
      published: false,
      emailStatus: "pending",
      eventStatus: "pending",
    };
    const record = toNotificationRecord(item);
    expect(Object.keys(record).sort()).toEqual(
      [
        ...NOTIFICATION_CONTENT_FIELDS,
        "notificationId",
        "createdAt",
        "published",
        "emailStatus",
        "eventStatus",
      ].sort(),
    );
    expect(notificationSchema.parse(record)).toEqual(record);

    const personalisation = personalisationOf(record);
    expect(Object.keys(personalisation)).toEqual([...PERSONALISATION_FIELDS]);
    expect(personalisation).toMatchObject({ crn: "X123456", daysLeft: "7", bookingId: "bk-1" });
    const detail = eventDetailOf(record, "booking.made");
    expect(Object.keys(detail).sort()).toEqual(
      [...NOTIFICATION_CONTENT_FIELDS, "notificationId", "createdAt", "eventType"].sort(),
    );
    expect(JSON.stringify([personalisation, detail])).not.toContain("John Smith");
  });
});
