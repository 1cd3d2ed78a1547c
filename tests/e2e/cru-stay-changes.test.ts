import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the CRU stay changes browser test");

const CRU = { role: "cru", user: "casey" };
const ADMIN = { role: "admin", user: "ada" };
const MANAGER = { role: "ap-manager", user: "sam", premises: ["e2e-stay-a"] };

/** Fills a GOV.UK date input (its fieldset is named by the legend). */
async function fillDate(page: Page, legend: string | RegExp, date: string) {
  const [year, month, day] = date.split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

/** "4 March 2027", as the pages write dates. */
const long = (date: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));

describe.skipIf(skip)("the CRU's stay changes (issue 12)", () => {
  const web = useWebSystem();

  /** Two premises of our own, so the demo data's stays never stand in the way. */
  beforeAll(async () => {
    for (const [premisesId, name, beds] of [
      ["e2e-stay-a", "Stay Change A AP", ["1", "2", "3"]],
      ["e2e-stay-b", "Stay Change B AP", ["1", "2", "3"]],
    ] as const) {
      const res = await web.api("POST", "/premises", {
        as: ADMIN,
        body: {
          premisesId,
          name,
          area: "london",
          gender: "male",
          bufferDays: 2,
          beds: beds.map((bedId) => ({ bedId, room: `R${bedId}` })),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 60_000);

  /** A referral by the API, booked into the bed given from its expected arrival. */
  async function placed(crn: string, arrival: string, premisesId: string, bedId: string) {
    const created = await web.api("POST", "/referrals", {
      as: CRU,
      body: {
        person: { crn, name: `Person ${crn}`, dateOfBirth: "1988-03-01", gender: "male" },
        riskOfSeriousHarm: "medium",
        releaseType: "licence",
        expectedArrivalDate: arrival,
        area: "london",
        homelessIfNotPlaced: true,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const referral = created.body;
    const allocation = await web.api("POST", `/referrals/${referral.referralId}/allocation`, {
      as: CRU,
      body: {
        premisesId,
        bedId,
        arrivalDate: referral.expectedArrivalDate,
        departureDate: referral.expectedDepartureDate,
      },
    });
    expect(allocation.status, JSON.stringify(allocation.body)).toBe(201);
    return {
      referralId: referral.referralId as string,
      bookingId: allocation.body.bookingId as string,
      arrival: referral.expectedArrivalDate as string,
      departure: referral.expectedDepartureDate as string,
    };
  }

  const banner = (page: Page) => page.locator(".govuk-notification-banner").textContent();

  it("changes a booked stay's dates after checking old against new; a 409 names what is in the way", async () => {
    const stay = await placed("E300001", addDays(today(), 14), "e2e-stay-a", "1");
    // An out-of-service period just after the stay: a departure moved into it is refused.
    const oos = await web.api("POST", "/premises/e2e-stay-a/beds/1/out-of-service", {
      as: ADMIN,
      body: {
        startDate: addDays(stay.departure, 10),
        endDate: addDays(stay.departure, 12),
        reason: "planned-works",
      },
    });
    expect(oos.status, JSON.stringify(oos.body)).toBe(201);

    const page = await web.newPage();
    await web.signIn(page, CRU);
    await web.visit(page, `/cru/referrals/${stay.referralId}`);
    // A booked stay's dates may change; it has no resident to transfer.
    expect(await page.getByRole("button", { name: "Transfer the resident" }).count()).toBe(0);
    await web.submit(page, "Change booking dates");
    expect(await page.title()).toBe("Change booking dates – E300001 – Approved Premises");
    // Prefilled with the booking's dates.
    expect(await page.getByRole("group", { name: "New arrival date" }).getByLabel("Day").inputValue()).toBe(
      String(Number(stay.arrival.slice(8))),
    );

    await fillDate(page, "New departure date", addDays(stay.departure, 11));
    await page.getByLabel("Why are the dates changing?").fill("Licence conditions extended");
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E300001 – Approved Premises");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Change booking dates" }).click(),
    ]);
    expect(response.status()).toBe(409);
    await web.check(page);
    expect(await page.title()).toBe("Error: Change booking dates – E300001 – Approved Premises");
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("is not free for every night");
    expect(summary).toContain(
      `Out of service from ${long(addDays(stay.departure, 10))} to ${long(addDays(stay.departure, 12))}`,
    );
    expect(await page.locator("#arrivalDate-error").textContent()).toContain("is not free");
    // The booking is as it was.
    expect((await web.api("GET", `/bookings/${stay.bookingId}`, { as: CRU })).body.departureDate).toBe(
      stay.departure,
    );

    const arrival = addDays(stay.arrival, 3);
    const departure = addDays(stay.departure, 7);
    await fillDate(page, "New arrival date", arrival);
    await fillDate(page, "New departure date", departure);
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E300001 – Approved Premises");
    const rows = await page.locator("table tbody tr").allTextContents();
    expect(rows[0]).toContain(long(stay.arrival));
    expect(rows[0]).toContain(long(arrival));
    expect(rows[1]).toContain(long(departure));
    await web.screenshot(page, "cru-date-change-check");
    await web.submit(page, "Change booking dates");

    expect(await page.title()).toBe("Referral – E300001 – Approved Premises");
    expect(await banner(page)).toContain("Booking dates changed");
    const booking = await web.api("GET", `/bookings/${stay.bookingId}`, { as: CRU });
    expect(booking.body).toMatchObject({ status: "booked", arrivalDate: arrival, departureDate: departure });
    const referral = await web.api("GET", `/referrals/${stay.referralId}`, { as: CRU });
    expect(referral.body).toMatchObject({ expectedArrivalDate: arrival, expectedDepartureDate: departure });
    expect(referral.body.history.map((e: { action: string }) => e.action)).toContain("booking.dates-changed");
    expect(await page.locator(".moj-timeline").textContent()).toContain("Booking dates changed");
  });

  it("changes the dates with JavaScript off; a departure before the arrival is the error summary", async () => {
    const stay = await placed("E300002", addDays(today(), 10), "e2e-stay-a", "2");
    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, CRU);
    await web.visit(page, `/cru/referrals/${stay.referralId}`);
    await web.submit(page, "Change booking dates");
    await fillDate(page, "New departure date", addDays(stay.arrival, -1));
    await page.getByLabel("Why are the dates changing?").fill("Shorter licence period");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await web.check(page);
    expect(await page.title()).toBe("Error: Change booking dates – E300002 – Approved Premises");
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("Departure date must be after arrival date");
    expect(await summary.getByRole("link", { name: /^Departure date/ }).getAttribute("href")).toBe(
      "#departureDate-day",
    );

    const departure = addDays(stay.departure, -14);
    await fillDate(page, "New departure date", departure);
    // What was typed is kept.
    expect(await page.getByLabel("Why are the dates changing?").inputValue()).toBe("Shorter licence period");
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E300002 – Approved Premises");
    await web.submit(page, "Change booking dates");
    expect(await page.title()).toBe("Referral – E300002 – Approved Premises");
    expect(await banner(page)).toContain("Booking dates changed");
    const booking = await web.api("GET", `/bookings/${stay.bookingId}`, { as: CRU });
    expect(booking.body).toMatchObject({ arrivalDate: stay.arrival, departureDate: departure });
  });

  it("changes a referral's release date and risk; check your answers lists only what changed; the banner says the booking no longer fits", async () => {
    const stay = await placed("E300003", addDays(today(), 12), "e2e-stay-b", "3");
    const page = await web.newPage();
    await web.signIn(page, CRU);
    await web.visit(page, `/cru/referrals/${stay.referralId}`);
    await web.submit(page, "Change referral details");
    expect(await page.title()).toBe("Change referral details – E300003 – Approved Premises");
    // Prefilled from the referral.
    expect(
      await page
        .getByRole("group", { name: /Risk of serious harm/ })
        .getByLabel("Medium")
        .isChecked(),
    ).toBe(true);
    const release = addDays(stay.arrival, 5);
    await fillDate(page, "Release date", release);
    await page
      .getByRole("group", { name: /Risk of serious harm/ })
      .getByLabel("Very high")
      .check();
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E300003 – Approved Premises");
    const rows = await page.locator("table tbody tr").allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("Release date");
    expect(rows[0]).toContain(long(release));
    expect(rows[1]).toContain("Very high");
    await web.submit(page, "Change referral details");

    expect(await page.title()).toBe("Referral – E300003 – Approved Premises");
    const text = await banner(page);
    expect(text).toContain("The booking no longer fits the release date");
    expect(text).toContain(
      `The release date is now ${long(release)} but the booking arrives on ${long(stay.arrival)}`,
    );
    const referral = await web.api("GET", `/referrals/${stay.referralId}`, { as: CRU });
    expect(referral.body).toMatchObject({ expectedArrivalDate: release, riskOfSeriousHarm: "very-high" });
    expect(referral.body.history.map((e: { action: string }) => e.action)).toContain("referral.changed");
    // The booking keeps its dates; the page offers to move them.
    expect((await web.api("GET", `/bookings/${stay.bookingId}`, { as: CRU })).body.arrivalDate).toBe(
      stay.arrival,
    );
    expect(await page.getByRole("button", { name: "Change booking dates" }).count()).toBe(1);
  });

  it("transfers an arrived resident to another AP's bed after checking; a bed that is taken is the error summary", async () => {
    const resident = await placed("E300004", today(), "e2e-stay-a", "3");
    const blocker = await placed("E300005", addDays(today(), 7), "e2e-stay-b", "1");
    expect(blocker.bookingId).toBeTruthy();
    const arrived = await web.api("POST", `/bookings/${resident.bookingId}/arrival`, {
      as: MANAGER,
      // Two days back (as a late record may be): a transfer comes after the arrival.
      body: { arrivalDate: addDays(today(), -2) },
    });
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);

    const page = await web.newPage();
    await web.signIn(page, CRU);
    await web.visit(page, `/cru/referrals/${resident.referralId}`);
    // An arrived resident is transferred; the booking's dates no longer change.
    expect(await page.getByRole("button", { name: "Change booking dates" }).count()).toBe(0);
    await web.submit(page, "Transfer the resident");
    expect(await page.title()).toBe("Transfer the resident – E300004 – Approved Premises");
    await page.getByLabel("Premises to transfer to").selectOption({ label: "Stay Change B AP (London)" });
    await web.submit(page, "Show beds");
    const beds = page.getByRole("group", { name: "Bed at Stay Change B AP" });
    await beds.getByLabel("Bed 1 (room R1)").check();
    await fillDate(page, "Transfer date", today());
    await page.getByLabel("Why is the resident moving?").fill("Victim lives near the AP");
    await page.getByRole("group", { name: "Is this an emergency transfer?" }).getByLabel("Yes").check();
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E300004 – Approved Premises");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Transfer resident" }).click(),
    ]);
    expect(refused.status()).toBe(409);
    await web.check(page);
    expect(await page.title()).toBe("Error: Transfer the resident – E300004 – Approved Premises");
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("not free");
    // Still resident where they were.
    expect((await web.api("GET", `/bookings/${resident.bookingId}`, { as: CRU })).body.status).toBe(
      "arrived",
    );

    // The form kept the answers; another bed this time.
    await page.getByRole("group", { name: "Bed at Stay Change B AP" }).getByLabel("Bed 2 (room R2)").check();
    await web.submit(page, "Continue");
    const answers = await page.locator(".govuk-summary-list").textContent();
    expect(answers).toContain("Stay Change A AP, bed 3");
    expect(answers).toContain("Stay Change B AP, bed 2");
    expect(answers).toContain(long(today()));
    await web.submit(page, "Transfer resident");

    expect(await page.title()).toBe("Referral – E300004 – Approved Premises");
    expect(await banner(page)).toContain("Resident transferred");
    const from = await web.api("GET", `/bookings/${resident.bookingId}`, { as: CRU });
    expect(from.body).toMatchObject({
      status: "departed",
      actualDepartureDate: today(),
      transfer: { premisesId: "e2e-stay-b", bedId: "2", emergency: true },
    });
    const to = await web.api("GET", `/bookings/${from.body.transfer.toBookingId}`, { as: CRU });
    expect(to.body).toMatchObject({
      status: "arrived",
      premisesId: "e2e-stay-b",
      bedId: "2",
      arrivalDate: today(),
      departureDate: resident.departure,
    });
    const referral = await web.api("GET", `/referrals/${resident.referralId}`, { as: CRU });
    expect(referral.body.placement).toMatchObject({ premisesId: "e2e-stay-b", bedId: "2" });
    expect(await page.locator(".moj-timeline").textContent()).toContain("Resident transferred");
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
