import { describe, expect, it } from "vitest";
import { NOTIFICATION_KIND_LABELS } from "../../../shared/domain/vocabulary.js";
import { render } from "../../../shared/web/render.js";
import { newSession } from "../../../shared/web/session.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";
import {
  notificationRow,
  notificationsHref,
  notificationsPageModel,
} from "../../../shared/web/view-models/notifications.js";

const premises = [
  { premisesId: "ldn-ealing", name: "Ealing AP" },
  { premisesId: "ldn-camberwell", name: "Camberwell Road AP" },
];
const made = {
  notificationId: "N1",
  kind: "booking-made",
  createdAt: "2026-12-01T10:00:00.000Z",
  premisesId: "ldn-camberwell",
  crn: "X123456",
  bookingId: "B1",
  referralId: "R1",
  arrivalDate: "2026-12-04",
  departureDate: "2027-02-26",
  emailStatus: "delivered-locally",
  emailTemplateId: "local-booking-made",
  emailTo: "camberwell.ap@justice.gov.uk",
  eventStatus: "delivered-locally",
  eventType: "booking.made",
};
const admin = () =>
  layoutModel({
    session: newSession(),
    principal: { sub: "a", username: "ada", roles: ["admin"], premises: [] },
    title: ["Notifications"],
    path: "/admin/notifications",
  });

describe("the admin's notifications page", () => {
  it("shows template, recipient, kind, ids, dates, CRN and both statuses of each notification", () => {
    const row = notificationRow(made, new Map([["ldn-camberwell", "Camberwell Road AP"]]));
    expect(row).toMatchObject({
      kindText: "Booking made",
      where: "Camberwell Road AP",
      crn: "X123456",
      ids: ["Booking B1", "Referral R1"],
      dates: ["Arrival 4 December 2026", "Departure 26 February 2027"],
      template: "local-booking-made",
      recipient: "camberwell.ap@justice.gov.uk",
      email: { text: "Delivered locally", classes: "govuk-tag--green" },
      event: { text: "Delivered locally" },
      eventType: "booking.made",
    });
    // An alert about a referral not yet placed goes to the CRU area; no mailbox says so.
    const alert = notificationRow(
      {
        ...made,
        kind: "placement-overdue",
        premisesId: undefined,
        area: "london",
        emailStatus: "no-mailbox",
        eventStatus: "failed",
        eventError: "SNS down",
      },
      new Map(),
    );
    expect(alert).toMatchObject({
      kindText: "Placement overdue",
      where: "CRU area london",
      email: { text: "No mailbox" },
      event: { classes: "govuk-tag--red" },
      eventError: "SNS down",
    });
  });

  it("builds the filter's choices from the premises and the vocabulary, marking what is chosen", () => {
    const model = notificationsPageModel({
      premises,
      filter: { premisesId: "ldn-camberwell", kind: "booking-made" },
      items: [made],
      paged: false,
    });
    expect(model.premisesItems.map((p) => p.text)).toEqual([
      "All premises",
      "Camberwell Road AP",
      "Ealing AP",
    ]);
    expect(model.premisesItems.find((p) => p.selected)!.value).toBe("ldn-camberwell");
    expect(model.kindItems).toHaveLength(Object.keys(NOTIFICATION_KIND_LABELS).length + 1);
    expect(model.kindItems.find((k) => k.selected)!.text).toBe("Booking made");
    expect(model.selected).toEqual(["Premises: Camberwell Road AP", "Kind: Booking made"]);
    expect(model.pagination).toBeUndefined();
  });

  it("pages with the service's cursor, keeping the filters", () => {
    expect(notificationsHref({ premisesId: "ldn-camberwell", kind: "" }, "abc")).toBe(
      "/admin/notifications?premisesId=ldn-camberwell&cursor=abc",
    );
    const model = notificationsPageModel({
      premises,
      filter: { premisesId: "ldn-camberwell", kind: "" },
      items: [made],
      nextCursor: "abc",
      paged: true,
    });
    expect(model.pagination).toEqual({
      previous: { href: "/admin/notifications?premisesId=ldn-camberwell", text: "First page" },
      next: { href: "/admin/notifications?premisesId=ldn-camberwell&cursor=abc" },
    });
  });

  it("renders as a GET filter form, the table and the pagination", () => {
    const html = render("pages/admin/notifications.njk", {
      ...admin(),
      ...notificationsPageModel({
        premises,
        filter: { premisesId: "", kind: "" },
        items: [made],
        nextCursor: "abc",
        paged: false,
      }),
    });
    expect(html).toMatch(/<form method="get" action="\/admin\/notifications"/);
    expect(html).toContain('data-id="N1"');
    expect(html).toContain("camberwell.ap@justice.gov.uk");
    expect(html).toContain("govuk-pagination");
    expect(html).toContain('href="/admin/notifications" aria-current="true"');
  });

  it("says when nothing matches the filters", () => {
    const model = notificationsPageModel({
      premises,
      filter: { premisesId: "ldn-ealing", kind: "" },
      items: [],
      paged: false,
    });
    const html = render("pages/admin/notifications.njk", { ...admin(), ...model });
    expect(html).toContain("No notification matches these filters.");
  });
});

describe("the notifications page's route", () => {
  it("is the admin's only, as GET /notifications is in the API, and never the API's own route key", async () => {
    const { WEB_PAGE_ROUTES } = await import("../../../shared/web/routes.js");
    const route = WEB_PAGE_ROUTES.find((r) => r.path === "/admin/notifications");
    expect(route).toMatchObject({ method: "GET", access: ["admin"] });
    const { listNotifications } = await import("../../../shared/api/routes/notifications.js");
    expect(listNotifications.roles).toEqual(route!.access);
  });
});
