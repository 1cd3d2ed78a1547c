import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the CRU browser test");

const CRU = { role: "cru", user: "casey" };
const MANAGER = { role: "ap-manager", user: "sam", premises: ["ldn-camberwell"] };

/** Fills a GOV.UK date input (its fieldset is named by the legend). */
async function fillDate(page: Page, legend: string | RegExp, date: string) {
  const [year, month, day] = date.split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

describe.skipIf(skip)("the CRU's pages", () => {
  const web = useWebSystem();

  it("submits a referral by hand, finds a bed and allocates it; the API sees the booking", async () => {
    const page = await web.newPage();
    await web.signIn(page, CRU);
    // The CRU's home is its queue.
    expect(new URL(page.url()).pathname).toBe("/cru/referrals");
    expect(await page.title()).toBe("To place – Referrals – Approved Premises");
    await web.screenshot(page, "cru-queue");

    await web.submit(page, "Submit a referral", "link");
    expect(await page.title()).toBe("Submit a referral – Approved Premises");
    const arrival = addDays(today(), 20);
    await page.getByLabel("CRN", { exact: true }).fill("E200001");
    await page.getByLabel("Full name").fill("Evan Test");
    await fillDate(page, "Date of birth", "1985-06-15");
    await page.getByRole("group", { name: "Gender" }).getByLabel("Male", { exact: true }).check();
    await page
      .getByRole("group", { name: /Risk of serious harm/ })
      .getByLabel("Medium")
      .check();
    await page.getByRole("group", { name: "MAPPA level" }).getByLabel("None").check();
    await page.getByRole("group", { name: "Release type" }).getByLabel("Licence", { exact: true }).check();
    await fillDate(page, "Expected arrival date", arrival);
    await page.getByLabel("CRU area").selectOption("london");
    await page
      .getByRole("group", { name: /homeless/ })
      .getByLabel("No")
      .check();
    await web.submit(page, "Submit referral");

    expect(await page.title()).toBe("Referral – E200001 – Approved Premises");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Referral submitted");
    const referralId = new URL(page.url()).pathname.split("/").pop()!;
    const submitted = await web.api("GET", `/referrals/${referralId}`, { as: CRU });
    expect(submitted.body).toMatchObject({
      status: "submitted",
      person: { crn: "E200001", name: "Evan Test" },
    });
    expect(await page.locator(".moj-timeline").textContent()).toContain("Referral submitted");

    // govukButton with an href is a link styled and announced as a button.
    await web.submit(page, "Find a bed");
    expect(await page.title()).toBe("Bed options – E200001 – Approved Premises");
    expect(await page.getByRole("heading", { name: "Risk mix on these nights" }).count()).toBe(1);
    await web.screenshot(page, "cru-bed-options");
    const exact = page.locator('[data-testid=bed-option][data-fit="exact"]').first();
    const heading = (await exact.locator("h3").textContent())!.trim();
    await Promise.all([page.waitForEvent("load"), exact.getByRole("button", { name: /^Allocate/ }).click()]);
    await web.check(page);
    expect(await page.title()).toBe("Allocate a bed – E200001 – Approved Premises");
    await web.submit(page, "Allocate bed");

    expect(await page.title()).toBe("Referral – E200001 – Approved Premises");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Bed allocated");
    const allocated = await web.api("GET", `/referrals/${referralId}`, { as: CRU });
    expect(allocated.body.status).toBe("allocated");
    expect(allocated.body.placement.arrivalDate).toBe(arrival);
    expect(heading).toContain(`bed ${allocated.body.placement.bedId}`);
    const booking = await web.api("GET", `/bookings/${allocated.body.placement.bookingId}`, { as: CRU });
    expect(booking.body).toMatchObject({ status: "booked", referralId, person: { crn: "E200001" } });
  });

  it("shows the GOV.UK error summary for a referral with bad input, and creates nothing", async () => {
    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, CRU);
    await web.visit(page, "/cru/referrals/new");
    await page.getByLabel("CRN", { exact: true }).fill("not-a-crn");
    await fillDate(page, "Date of birth", "1985-02-30");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Submit referral" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await web.check(page);
    expect(await page.title()).toBe("Error: Submit a referral – Approved Premises");
    const summary = page.locator(".govuk-error-summary");
    const text = await summary.textContent();
    expect(text).toContain("CRN must be one capital letter and six digits");
    expect(text).toContain("Date of birth is not a real calendar date");
    expect(text).toContain("Full name is required");
    // Inline beside the input, and the summary links to it.
    expect(await page.locator("#crn-error").textContent()).toContain("CRN must be one capital letter");
    expect(await summary.getByRole("link", { name: /^CRN/ }).getAttribute("href")).toBe("#crn");
    // What was typed is kept.
    expect(await page.getByLabel("CRN", { exact: true }).inputValue()).toBe("not-a-crn");
    const list = await web.api("GET", "/referrals?status=submitted&limit=200", { as: CRU });
    expect(list.body.items.some((r: { person: { crn: string } }) => r.person.crn === "not-a-crn")).toBe(
      false,
    );
  });

  it("answers an AP manager's placement concern by reallocating, after checking the answer", async () => {
    const arrival = addDays(today(), 10);
    const created = await web.api("POST", "/referrals", {
      as: CRU,
      body: {
        person: { crn: "E200002", name: "Felix Concern", dateOfBirth: "1990-01-01", gender: "male" },
        riskOfSeriousHarm: "high",
        releaseType: "licence",
        expectedArrivalDate: arrival,
        area: "london",
        preferredPremisesIds: ["ldn-camberwell"],
        homelessIfNotPlaced: true,
      },
    });
    expect(created.status).toBe(201);
    const referralId = created.body.referralId;
    const options = await web.api("GET", `/referrals/${referralId}/bed-options`, { as: CRU });
    const bed = options.body.options.find(
      (o: { premisesId: string; fit: string }) => o.premisesId === "ldn-camberwell" && o.fit === "exact",
    );
    const allocation = await web.api("POST", `/referrals/${referralId}/allocation`, {
      as: CRU,
      body: {
        premisesId: bed.premisesId,
        bedId: bed.bedId,
        arrivalDate: bed.arrivalDate,
        departureDate: bed.departureDate,
      },
    });
    expect(allocation.status).toBe(201);
    const bookingId = allocation.body.bookingId;
    const review = await web.api("POST", `/bookings/${bookingId}/placement-review`, {
      as: MANAGER,
      body: { decision: "concern", reasons: ["risk-mix"], note: "Too many high RoSH residents that week" },
    });
    expect(review.status).toBe(200);

    const view = await web.api("GET", "/referrals?review=concern&sort=arrival&limit=25", { as: CRU });
    expect(
      view.body.items.map((r: { person: { crn: string } }) => r.person.crn),
      JSON.stringify(view.body).slice(0, 600),
    ).toContain("E200002");

    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, CRU);
    await web.visit(page, "/cru/referrals?tab=concerns");
    expect(await page.title()).toBe("Concerns – Referrals – Approved Premises");
    // The concern is a row of the tab, with the link that answers it.
    const row = page.getByRole("row").filter({ hasText: "E200002" });
    expect(await row.count()).toBe(1);
    const answer = row.getByRole("link", { name: /Answer concern/ });
    expect(await answer.getAttribute("href")).toBe(`/cru/bookings/${bookingId}/concern`);
    await web.visit(page, `/cru/bookings/${bookingId}/concern`);
    expect(await page.title()).toBe("Answer the placement concern – E200002 – Approved Premises");
    // No answer chosen: the error summary, nothing changed.
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Error: Answer the placement concern – E200002 – Approved Premises");
    await page.getByLabel("Cancel the booking and find another bed").check();
    await page.getByLabel("Note to the AP manager").fill("Agreed: we will place elsewhere");
    await web.submit(page, "Continue");
    expect(await page.title()).toBe("Check your answers – E200002 – Approved Premises");
    expect((await web.api("GET", `/bookings/${bookingId}`, { as: CRU })).body.status).toBe("booked");
    await web.submit(page, "Cancel booking and reallocate");
    expect(await page.title()).toBe("Referral – E200002 – Approved Premises");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Booking cancelled");

    const after = await web.api("GET", `/bookings/${bookingId}`, { as: CRU });
    expect(after.body.status).toBe("cancelled");
    expect(after.body.placementReview.response).toMatchObject({
      action: "reallocate",
      note: "Agreed: we will place elsewhere",
    });
    const requeued = await web.api("GET", `/referrals/${referralId}`, { as: CRU });
    expect(requeued.body.status).toBe("submitted");
    expect(requeued.body.history.map((e: { action: string }) => e.action)).toContain(
      "placement-review.reallocated",
    );
  });

  it("keeps the CRU's pages from an AP manager, and refuses a form without the session's token", async () => {
    const page = await web.newPage();
    await web.signIn(page, MANAGER);
    const [denied] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/cru/referrals")),
      page.goto(`${web.url}/cru/referrals`),
    ]);
    expect(denied.status()).toBe(403);
    await web.check(page);

    const cru = await web.newPage();
    await web.signIn(cru, CRU);
    await web.visit(cru, "/cru/occupancy");
    expect(await cru.title()).toBe("National occupancy – Approved Premises");
    expect(await cru.locator("table tbody tr").count()).toBeGreaterThan(0);
    await web.visit(cru, "/cru/referrals/new");
    await cru.evaluate(() => {
      (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = "forged";
    });
    const [refused] = await Promise.all([
      cru.waitForResponse((r) => r.request().method() === "POST"),
      cru.getByRole("button", { name: "Submit referral" }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await web.check(cru);
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
