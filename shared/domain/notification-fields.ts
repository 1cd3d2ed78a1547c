/**
 * The one list of what a notification carries, as plain data: the record written in a change's
 * transaction, the fields read back, an email's personalisation and an event's detail. Ids,
 * dates, counts and the CRN only, never a name or an address. Kept free of zod so that the
 * nightly job and the stream publisher, which only copy fields, do not bundle the schema
 * library; shared/schemas/notifications.ts declares the same shape and a unit test holds the
 * two equal (tests/unit/services/notification-fields.test.ts).
 */
export const NOTIFICATION_CONTENT_FIELDS = [
  "kind",
  "premisesId",
  "area",
  "crn",
  "bookingId",
  "referralId",
  "alertId",
  "requestId",
  "arrivalDate",
  "departureDate",
  "daysLeft",
  "detail",
] as const;

/** Every field of a stored notification the service reads back: keys, claims and index attributes are not. */
export const NOTIFICATION_RECORD_FIELDS = [
  ...NOTIFICATION_CONTENT_FIELDS,
  "notificationId",
  "createdAt",
  "published",
  "emailStatus",
  "emailAttempts",
  "emailTemplateId",
  "emailTo",
  "emailPersonalisation",
  "emailReference",
  "emailAt",
  "emailError",
  "eventStatus",
  "eventAttempts",
  "eventType",
  "eventMessageId",
  "eventAt",
  "eventError",
] as const;

/** What an email's template may use: the content, the notification's id and when it was made. */
export const PERSONALISATION_FIELDS = [
  ...NOTIFICATION_CONTENT_FIELDS,
  "notificationId",
  "createdAt",
] as const;
