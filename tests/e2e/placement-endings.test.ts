import { beforeAll, describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the placement endings browser test");

const PREMISES = "ldn-camberwell";
const CRU = { role: "cru", user: "cru-pat" } as const;
const MANAGER = { role: "ap-manager", user: "sam", premises: [PREMISES] };

/**
 * The two endings before arrival, each consequential and so checked first: the person did not
 * arrive, or the booking is cancelled. Either way the bed is freed and the referral goes back
 * to the CRU's queue (#11: a non-arrival for a reason that still needs a bed requeues it).
 */
describe.skipIf(skip)("non-arrival and cancellation on the placement page", () => {
  const web = useWebSystem();
  const TODAY = today();
  const placed: Record<string, { bookingId: string; referralId: string }> = {};

  async function place(crn: string, name: string, arrival: string) {
    const referral = await web.api("POST", "/referrals", {
      as: CRU,
      body: {
        person: { crn, name, dateOfBirth: "1988-03-03", gender: "male" },
        riskOfSeriousHarm: "medium",
        releaseType: "licence",
        expectedArrivalDate: arrival,
        expectedDepartureDate: addDays(arrival, 40),
        area: "london",
        preferredPremisesIds: [PREMISES],
        homelessIfNotPlaced: true,
      },
    });
    expect(referral.status, JSON.stringify(referral.body)).toBe(201);
    const options = await web.api("GET", `/referrals/${referral.body.referralId}/bed-options`, { as: CRU });
    const best = options.body.options.find(
      (o: { fit: string; premisesId: string }) => o.fit === "exact" && o.premisesId === PREMISES,
    );
    const allocated = await web.api("POST", `/referrals/${referral.body.referralId}/allocation`, {
      as: CRU,
      body: { premisesId: PREMISES, bedId: best.bedId },
    });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    return { bookingId: allocated.body.bookingId as string, referralId: referral.body.referralId as string };
  }

  beforeAll(async () => {
    placed.noShow = await place("T200101", "Ned Lowe", TODAY);
    placed.cancel = await place("T200102", "Cal Reed", addDays(TODAY, 12));
  }, 120_000);

  const path = (id: string) => `/premises/${PREMISES}/placements/${id}`;
  const actions = async (page: Parameters<typeof web.check>[0], name: string) => {
    const toggle = page.getByRole("button", { name: "Actions" });
    if (await toggle.count()) await toggle.click();
    await web.submit(page, name);
  };

  it("records a non-arrival after checking the answers; the referral is back in the queue", async () => {
    const page = await web.newPage();
    await web.signIn(page, MANAGER);
    await web.visit(page, path(placed.noShow!.bookingId));
    await actions(page, "Record non-arrival");
    expect(await page.title()).toBe("Record non-arrival – Camberwell Road AP – Approved Premises");
    // No reason chosen: the error summary, and nothing recorded.
    await web.submit(page, "Continue");
    expect(await page.title()).toMatch(/^Error: Record non-arrival/);
    expect(await page.locator(".govuk-error-summary").count()).toBe(1);
    await page.getByLabel("Failed to arrive").check();
    await page.getByLabel("Notes (optional)").fill("No contact from the prison");
    await web.submit(page, "Continue");
    expect(await page.locator("h1").textContent()).toContain("Check the non-arrival before recording it");
    expect(await page.locator("main").textContent()).toContain("Failed to arrive");
    const before = await web.api("GET", `/bookings/${placed.noShow!.bookingId}`, { as: MANAGER });
    expect(before.body.status).toBe("booked");
    await web.submit(page, "Record non-arrival");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Non-arrival recorded");

    const after = await web.api("GET", `/bookings/${placed.noShow!.bookingId}`, { as: MANAGER });
    expect(after.body).toMatchObject({
      status: "non-arrival",
      nonArrival: { reason: "failed-to-arrive", notes: "No contact from the prison" },
    });
    const referral = await web.api("GET", `/referrals/${placed.noShow!.referralId}`, { as: CRU });
    expect(referral.body.status).toBe("submitted");
  });

  it("cancels a booking after checking the answers; the bed is free and the referral back in the queue", async () => {
    const page = await web.newPage();
    await web.signIn(page, MANAGER);
    await web.visit(page, path(placed.cancel!.bookingId));
    await actions(page, "Cancel booking");
    expect(await page.title()).toBe("Cancel booking – Camberwell Road AP – Approved Premises");
    await page.getByLabel("Why is the booking being cancelled?").fill("Licence conditions exclude this area");
    await web.submit(page, "Continue");
    expect(await page.locator("h1").textContent()).toContain("Check the cancellation before confirming it");
    await web.submit(page, "Cancel booking");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Booking cancelled");

    const after = await web.api("GET", `/bookings/${placed.cancel!.bookingId}`, { as: MANAGER });
    expect(after.body).toMatchObject({
      status: "cancelled",
      cancellation: { reason: "Licence conditions exclude this area" },
    });
    const referral = await web.api("GET", `/referrals/${placed.cancel!.referralId}`, { as: CRU });
    expect(referral.body.status).toBe("submitted");
    // Nothing left on the page to do to a cancelled booking.
    expect(await page.getByRole("button", { name: "Cancel booking" }).count()).toBe(0);
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
