import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the bed changes and notifications browser test");
const SAM = { role: "ap-manager", user: "sam", premises: ["ldn-camberwell"] };
const CRU = { role: "cru", user: "casey" };
const ADMIN = { role: "admin", user: "ada" };
const P = "/premises/ldn-camberwell";
const TITLE = "Camberwell Road AP – Approved Premises";

/** Fills a GOV.UK date input, found by its fieldset's legend. */
async function fillDate(page: Page, legend: string, date: string) {
  const [year, month, day] = date.split("-");
  const group = page.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

describe.skipIf(skip)("out-of-service changes, bed archive and the admin's notifications", () => {
  const web = useWebSystem();

  /** Beds the API says are free on every night from `from` to `to`. */
  async function freeBeds(from: string, to: string): Promise<string[]> {
    const res = await web.api("GET", `${P}/occupancy?from=${from}&to=${to}`, { as: SAM });
    return (res.body.beds as { bedId: string; segments: unknown[] }[])
      .filter((b) => b.segments.length === 0)
      .map((b) => b.bedId);
  }
  const period = (id: string) => web.api("GET", `${P}/out-of-service/${id}`, { as: SAM });
  const rowOf = (page: Page, id: string) => page.locator(`[data-testid=out-of-service] tr[data-id="${id}"]`);

  it("takes a bed out of service, ends it early, changes one (refusing a clash and a stale form), cancels one, each after checking the answers", async () => {
    const page = await web.newPage();
    await web.signIn(page, SAM);

    // ----- take a bed out of service from today, through the form -----
    const [nowBed, laterBed] = await freeBeds(today(), addDays(today(), 180));
    expect(nowBed, "two beds free for six months").toBeDefined();
    expect(laterBed).toBeDefined();
    await web.visit(page, `${P}/out-of-service-beds`);
    await web.submit(page, "Take a bed out of service", "button");
    await page.getByLabel("Bed", { exact: true }).selectOption(nowBed!);
    await fillDate(page, "First night out of service", today());
    await fillDate(page, "Last night out of service", addDays(today(), 10));
    await page.getByLabel("Planned works").check();
    await web.submit(page, "Take bed out of service");
    const listed = await web.api("GET", `${P}/out-of-service`, { as: SAM });
    const begun = listed.body.items.find((o: { bedId: string }) => o.bedId === nowBed);
    expect(begun).toMatchObject({ startDate: today(), endDate: addDays(today(), 10), version: 1 });

    // ----- end it early: the form, the check page, then the API has it -----
    await web.submit(page, `End early (bed ${nowBed}`, "link");
    expect(await page.title()).toBe(`End out-of-service period early – ${TITLE}`);
    expect(await page.locator('input[name="version"]').inputValue()).toBe("1");
    // A last night before the first is refused by the operation's rules, at the date boxes.
    await fillDate(page, "New last night out of service", addDays(today(), -3));
    await web.submit(page, "Continue");
    await web.submit(page, "End period early");
    expect(await page.title()).toBe(`Error: End out-of-service period early – ${TITLE}`);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      "Last night out of service must be on or after first night out of service",
    );
    expect((await period(begun.outOfServiceId)).body.endDate).toBe(addDays(today(), 10));
    await fillDate(page, "New last night out of service", addDays(today(), 3));
    await web.submit(page, "Continue");
    expect(await page.title()).toBe(`Check your answers: end out-of-service period early – ${TITLE}`);
    expect(await page.locator("[data-testid=check]").textContent()).toContain(
      "New last night out of service",
    );
    await web.submit(page, "End period early");
    expect(new URL(page.url()).pathname).toBe(`${P}/out-of-service-beds`);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("ended early");
    const ended = await period(begun.outOfServiceId);
    expect(ended.body).toMatchObject({ startDate: today(), endDate: addDays(today(), 3), version: 2 });
    expect(ended.body.revisions.map((r: { action: string }) => r.action)).toEqual([
      "out-of-service.created",
      "out-of-service.changed",
    ]);
    // Its row offers what the rules allow: from today it has not begun, so it may still be cancelled too.
    expect(
      await rowOf(page, begun.outOfServiceId)
        .getByRole("link")
        .evaluateAll((as) => as.map((a) => a.firstChild?.textContent)),
    ).toEqual(["History", "End early", "Change dates", "Cancel"]);

    // ----- change dates of a planned period; a clash with another period is the 409's error summary -----
    const from = addDays(today(), 150);
    const planned = await web.api("POST", `${P}/beds/${laterBed}/out-of-service`, {
      as: SAM,
      body: { startDate: from, endDate: addDays(from, 6), reason: "unplanned-repair" },
    });
    const next = await web.api("POST", `${P}/beds/${laterBed}/out-of-service`, {
      as: SAM,
      body: { startDate: addDays(from, 20), endDate: addDays(from, 25), reason: "planned-works" },
    });
    expect([planned.status, next.status]).toEqual([201, 201]);
    const plannedId = planned.body.outOfServiceId as string;
    await web.visit(page, `${P}/out-of-service-beds`);
    await rowOf(page, plannedId)
      .getByRole("link", { name: /^Change dates/ })
      .click();
    await web.check(page);
    expect(await page.title()).toBe(`Change out-of-service dates – ${TITLE}`);
    await fillDate(page, "Last night out of service", addDays(from, 21));
    await web.submit(page, "Continue");
    await web.submit(page, "Change dates");
    expect(await page.title()).toBe(`Error: Change out-of-service dates – ${TITLE}`);
    const clash = await page.locator(".govuk-error-summary").textContent();
    expect(clash).toContain(`Bed ${laterBed} is not free`);
    expect(clash).toContain("It overlaps another out-of-service period");
    expect((await period(plannedId)).body).toMatchObject({ endDate: addDays(from, 6), version: 1 });

    // A stale form: someone changes the period after this form was opened; the change is reported, not overwritten.
    await fillDate(page, "First night out of service", addDays(from, 1));
    await fillDate(page, "Last night out of service", addDays(from, 8));
    await web.submit(page, "Continue");
    const meanwhile = await web.api("PATCH", `${P}/out-of-service/${plannedId}`, {
      as: SAM,
      body: { notes: "Contractor booked" },
    });
    expect(meanwhile.body.version).toBe(2);
    await web.submit(page, "Change dates");
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("changed by someone else");
    expect((await period(plannedId)).body).toMatchObject({
      startDate: from,
      endDate: addDays(from, 6),
      notes: "Contractor booked",
      version: 2,
    });
    // The form now carries the version it was shown at; continuing from it succeeds.
    expect(await page.locator('input[name="version"]').inputValue()).toBe("2");
    await web.submit(page, "Continue");
    await web.submit(page, "Change dates");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("dates changed");
    expect((await period(plannedId)).body).toMatchObject({
      startDate: addDays(from, 1),
      endDate: addDays(from, 8),
      notes: "Contractor booked",
      version: 3,
    });
    const nights = await web.api("GET", `${P}/occupancy?from=${from}&to=${addDays(from, 8)}`, { as: SAM });
    expect(nights.body.beds.find((b: { bedId: string }) => b.bedId === laterBed).segments).toEqual([
      expect.objectContaining({
        kind: "out-of-service",
        startDate: addDays(from, 1),
        endDate: addDays(from, 8),
      }),
    ]);

    // ----- the period's page shows every revision -----
    await rowOf(page, plannedId)
      .getByRole("link", { name: /^History/ })
      .click();
    await web.check(page);
    expect(await page.title()).toBe(`Bed ${laterBed} out of service – ${TITLE}`);
    const revisions = page.locator("[data-testid=revisions] .moj-timeline__item");
    expect(await revisions.count()).toBe(3);
    expect(await revisions.first().textContent()).toContain("Out-of-service period changed");
    expect(await page.locator("[data-testid=revisions]").textContent()).toContain("Bed taken out of service");
    await web.screenshot(page, "premises-out-of-service-period");

    // ----- cancel the other planned period -----
    const nextId = next.body.outOfServiceId as string;
    await web.visit(page, `${P}/out-of-service-beds/${nextId}`);
    await web.submit(page, "Cancel period", "button");
    expect(await page.title()).toBe(`Cancel out-of-service period – ${TITLE}`);
    await web.submit(page, "Continue");
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      "Reason for cancelling is required",
    );
    await page.getByLabel("Why is the period being cancelled?").fill("Works moved to another bed");
    await web.submit(page, "Continue");
    expect(await page.title()).toBe(`Check your answers: cancel out-of-service period – ${TITLE}`);
    await web.submit(page, "Cancel period");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("cancelled");
    expect(await rowOf(page, nextId).count()).toBe(0);
    const cancelled = await period(nextId);
    expect(cancelled.body).toMatchObject({
      status: "cancelled",
      cancellation: { reason: "Works moved to another bed", by: "sam" },
    });
    // Its page stays readable, with no change offered.
    await web.visit(page, `${P}/out-of-service-beds/${nextId}`);
    expect(await page.getByRole("button", { name: /Cancel period|End early|Change dates/ }).count()).toBe(0);
    expect(await page.locator("[data-testid=revisions]").textContent()).toContain(
      "Out-of-service period cancelled",
    );
  });

  it("archives a bed from a date after checking the answers, refuses one with a stay in the way, and takes an archive off", async () => {
    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, SAM);
    const tonight = await web.api("GET", `${P}/occupancy?from=${today()}&to=${today()}`, { as: SAM });
    const occupied = (
      tonight.body.beds as { bedId: string; segments: { kind: string; bookingId?: string }[] }[]
    ).find((b) => b.segments.some((s) => s.kind === "occupied"))!;
    expect(occupied).toBeDefined();
    await web.visit(page, `${P}/out-of-service-beds`);

    // A bed with someone in it tonight cannot be archived from tomorrow: the 409 names the stay.
    await page
      .locator(`[data-testid=beds] tr[data-bed="${occupied.bedId}"]`)
      .getByRole("link", { name: /^Archive/ })
      .click();
    await web.check(page);
    expect(await page.title()).toBe(`Archive a bed – ${TITLE}`);
    await fillDate(page, "First night the bed takes no stay", addDays(today(), 1));
    await page.getByLabel("Reason").fill("Fire door replacement");
    await web.submit(page, "Continue");
    expect(await page.title()).toBe(`Check your answers: archive a bed – ${TITLE}`);
    await web.submit(page, "Archive bed");
    expect(await page.title()).toBe(`Error: Archive a bed – ${TITLE}`);
    const inUse = await page.locator(".govuk-error-summary").textContent();
    expect(inUse).toContain("Bed cannot be archived from that night");
    expect(inUse).toContain(`booking ${occupied.segments.find((s) => s.kind === "occupied")!.bookingId}`);
    let premises = await web.api("GET", P, { as: SAM });
    expect(
      premises.body.beds.find((b: { bedId: string }) => b.bedId === occupied.bedId).archivedFrom,
    ).toBeUndefined();

    // Far enough ahead that every stay has left: archived, and the page says so.
    const from = addDays(today(), 300);
    await fillDate(page, "First night the bed takes no stay", from);
    await web.submit(page, "Continue");
    await web.submit(page, "Archive bed");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain(
      `Bed ${occupied.bedId} archived`,
    );
    premises = await web.api("GET", P, { as: SAM });
    expect(premises.body.beds.find((b: { bedId: string }) => b.bedId === occupied.bedId)).toMatchObject({
      archivedFrom: from,
      archive: { reason: "Fire door replacement" },
    });
    const row = page.locator(`[data-testid=beds] tr[data-bed="${occupied.bedId}"]`);
    expect(await row.getAttribute("data-archived")).toBe("yes");
    expect(await row.textContent()).toContain("Archived from");

    // Taking the archive off is confirmed on its own page.
    await row.getByRole("link", { name: /^Unarchive/ }).click();
    await web.check(page);
    expect(await page.title()).toBe(`Unarchive a bed – ${TITLE}`);
    await web.submit(page, "Unarchive bed");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("unarchived");
    premises = await web.api("GET", P, { as: SAM });
    expect(
      premises.body.beds.find((b: { bedId: string }) => b.bedId === occupied.bedId).archivedFrom,
    ).toBeUndefined();
  });

  it("shows an admin the email an allocation to a premises with a mailbox sent, filtered by premises; other roles are refused", async () => {
    const mailbox = "ealing.ap@justice.gov.uk";
    const before = await web.api("GET", "/premises/ldn-ealing", { as: ADMIN });
    const set = await web.api("PATCH", "/premises/ldn-ealing", { as: ADMIN, body: { email: mailbox } });
    expect([before.status, set.status]).toEqual([200, 200]);
    const created = await web.api("POST", "/referrals", {
      as: CRU,
      body: {
        person: { crn: "E300003", name: "Nina Notify", dateOfBirth: "1988-04-02", gender: "male" },
        riskOfSeriousHarm: "medium",
        releaseType: "licence",
        expectedArrivalDate: addDays(today(), 12),
        area: "london",
        preferredPremisesIds: ["ldn-ealing"],
        homelessIfNotPlaced: true,
      },
    });
    expect(created.status).toBe(201);
    const options = await web.api("GET", `/referrals/${created.body.referralId}/bed-options`, { as: CRU });
    const bed = options.body.options.find(
      (o: { premisesId: string; fit: string }) => o.premisesId === "ldn-ealing" && o.fit === "exact",
    );
    expect(bed, "an exact fit at Ealing").toBeDefined();
    const allocation = await web.api("POST", `/referrals/${created.body.referralId}/allocation`, {
      as: CRU,
      body: {
        premisesId: "ldn-ealing",
        bedId: bed.bedId,
        arrivalDate: bed.arrivalDate,
        departureDate: bed.departureDate,
      },
    });
    expect(allocation.status).toBe(201);
    const bookingId = allocation.body.bookingId as string;
    // The stream publisher delivers it within seconds.
    let sent: { notificationId: string; emailStatus: string } | undefined;
    for (let i = 0; i < 60 && !sent; i++) {
      const res = await web.api("GET", "/notifications?premisesId=ldn-ealing&kind=booking-made", {
        as: ADMIN,
      });
      sent = res.body.items.find(
        (n: { bookingId?: string; emailStatus: string }) =>
          n.bookingId === bookingId && n.emailStatus === "delivered-locally",
      );
      if (!sent) await new Promise((r) => setTimeout(r, 250));
    }
    expect(sent, "a delivered-locally booking-made email").toBeDefined();

    const page = await web.newPage();
    await web.signIn(page, ADMIN);
    await web.submit(page, "Notifications sent", "link");
    expect(await page.title()).toBe("Notifications – Approved Premises");
    await page.getByLabel("Premises").selectOption("ldn-ealing");
    await web.submit(page, "Apply filters");
    expect(new URL(page.url()).search).toContain("premisesId=ldn-ealing");
    const rows = page.locator("[data-testid=notifications] tbody tr");
    const listed = await web.api("GET", "/notifications?premisesId=ldn-ealing&limit=50", { as: ADMIN });
    expect(await rows.count()).toBe(listed.body.items.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-id")))).toEqual(
      listed.body.items.map((n: { notificationId: string }) => n.notificationId),
    );
    const row = page.locator(`[data-testid=notifications] tr[data-id="${sent!.notificationId}"]`);
    const text = await row.textContent();
    expect(text).toContain("Booking made");
    expect(text).toContain(mailbox);
    expect(text).toContain("E300003");
    expect(text).toContain(`Booking ${bookingId}`);
    expect(text).not.toContain("Nina Notify");
    expect(await row.locator("[data-testid=email-status] .govuk-tag").textContent()).toContain(
      "Delivered locally",
    );
    expect(await row.locator("[data-testid=event-status] .govuk-tag").getAttribute("data-status")).toBe(
      listed.body.items.find((n: { notificationId: string }) => n.notificationId === sent!.notificationId)
        .eventStatus,
    );
    // And by kind: only bookings made at Ealing.
    await page.getByLabel("Kind").selectOption("booking-made");
    await web.submit(page, "Apply filters");
    const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-kind")));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["booking-made"]));
    await web.screenshot(page, "admin-notifications");

    // An AP manager is refused, as the API refuses GET /notifications.
    const manager = await web.newPage();
    await web.signIn(manager, SAM);
    const [refused] = await Promise.all([
      manager.waitForResponse((r) => r.url().endsWith("/admin/notifications")),
      manager.goto(`${web.url}/admin/notifications`),
    ]);
    expect(refused.status()).toBe(403);
    await web.check(manager);
    expect((await web.api("GET", "/notifications", { as: SAM })).status).toBe(403);
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
