import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the placement page browser test");

const PREMISES = "ldn-camberwell";
const CRU = { role: "cru", user: "cru-pat" } as const;
const MANAGER = { role: "ap-manager", user: "sam", premises: [PREMISES] };

/** Each walk visits many pages and runs axe on each: slow on a loaded two-core machine. */
const WALK_MS = 300_000;

describe.skipIf(skip)("the AP manager's placement page", () => {
  const web = useWebSystem();
  /** bookingId by person, made through the API before the browser opens. */
  const booking: Record<string, string> = {};
  const TODAY = today();

  /** A referral for this premises, allocated to its first exact fit. */
  async function placed(crn: string, name: string, arrival: string, nights: number) {
    const referral = await web.api("POST", "/referrals", {
      as: CRU,
      body: {
        person: { crn, name, dateOfBirth: "1990-05-05", gender: "male" },
        riskOfSeriousHarm: "medium",
        releaseType: "licence",
        expectedArrivalDate: arrival,
        expectedDepartureDate: addDays(arrival, nights),
        licenceEndDate: addDays(arrival, 300),
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
    expect(best, "an exact fit at Camberwell").toBeDefined();
    const allocated = await web.api("POST", `/referrals/${referral.body.referralId}/allocation`, {
      as: CRU,
      body: { premisesId: PREMISES, bedId: best.bedId },
    });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    return allocated.body as { bookingId: string; referralId: string; departureDate: string };
  }

  beforeAll(async () => {
    booking.arrives = (await placed("T200001", "Ravi Patel", TODAY, 60)).bookingId;
    booking.nojs = (await placed("T200002", "Owen Price", TODAY, 60)).bookingId;
    booking.future = (await placed("T200004", "Jon Reyes", addDays(TODAY, 20), 60)).bookingId;
    // A resident with a confirmed move-on and a CRU request to leave earlier.
    const resident = await placed("T200003", "Sol Ahmed", TODAY, 80);
    booking.resident = resident.bookingId;
    const arrived = await web.api("POST", `/bookings/${resident.bookingId}/arrival`, {
      as: MANAGER,
      body: { arrivalDate: TODAY },
    });
    expect(arrived.status).toBe(200);
    const newDeparture = addDays(resident.departureDate, -10);
    const moveOn = await web.api("PUT", `/bookings/${resident.bookingId}/move-on`, {
      as: MANAGER,
      body: {
        status: "confirmed",
        category: "supported-housing",
        address: "1 Hope Street, London",
        availableFrom: addDays(newDeparture, -3),
      },
    });
    expect(moveOn.status, JSON.stringify(moveOn.body)).toBe(200);
    const other = await placed("T200005", "Kai Moss", addDays(TODAY, 100), 30);
    const request = await web.api("POST", `/bookings/${resident.bookingId}/stay-reductions`, {
      as: CRU,
      body: {
        newDepartureDate: newDeparture,
        forReferralId: other.referralId,
        reason: "A bed for an emergency",
      },
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    booking.request = request.body.requestId;
  }, 120_000);

  const placementPath = (id: string) => `/premises/${PREMISES}/placements/${id}`;

  async function fillDate(page: Page, legend: string, date: string) {
    const [y, m, d] = date.split("-");
    const group = page.getByRole("group", { name: legend });
    await group.getByLabel("Day").fill(String(Number(d)));
    await group.getByLabel("Month").fill(String(Number(m)));
    await group.getByLabel("Year").fill(y!);
  }

  /** The actions are a MoJ button menu: a toggle with JavaScript, a row of buttons without. */
  async function action(page: Page, name: string) {
    const toggle = page.getByRole("button", { name: "Actions" });
    if (await toggle.count()) await toggle.click();
    await web.submit(page, name);
  }

  const bookingOf = async (id: string) => (await web.api("GET", `/bookings/${id}`, { as: MANAGER })).body;

  it(
    "records an arrival, a move-on plan, an extension and a departure, each seen afterwards through the API",
    async () => {
      const page = await web.newPage();
      await web.signIn(page, MANAGER);
      await web.visit(page, `/premises/${PREMISES}/placements`);
      // The inbound list says how ready the AP is for each arrival and whether it was reviewed.
      const row = page.locator("tr", { has: page.getByRole("link", { name: "Ravi Patel" }) });
      expect(await row.getByTestId("readiness").textContent()).toMatch(/On track|At risk|Compressed|Ready/);
      expect(await row.textContent()).toContain("Not reviewed");
      await web.submit(page, "Ravi Patel", "link");
      expect(await page.title()).toBe("Ravi Patel – Camberwell Road AP – Approved Premises");
      await web.screenshot(page, "placement-booked");

      await action(page, "Record arrival");
      expect(await page.title()).toBe("Record arrival – Camberwell Road AP – Approved Premises");
      // A date in the future is refused in the operation's own words, and nothing changes.
      await fillDate(page, "What date did they arrive?", addDays(TODAY, 1));
      await web.submit(page, "Record arrival");
      expect(await page.title()).toBe("Error: Record arrival – Camberwell Road AP – Approved Premises");
      expect(await page.locator(".govuk-error-summary").textContent()).toContain(
        "Arrival date cannot be in the future",
      );
      expect((await bookingOf(booking.arrives!)).status).toBe("booked");
      await fillDate(page, "What date did they arrive?", addDays(TODAY, -2));
      await web.submit(page, "Record arrival");
      expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Arrival recorded");
      let api = await bookingOf(booking.arrives!);
      expect(api).toMatchObject({ status: "arrived", actualArrivalDate: addDays(TODAY, -2) });

      await web.submit(page, "Update the move-on plan", "link");
      await page.getByRole("group", { name: "Status" }).getByLabel("Confirmed").check();
      await page.getByLabel("Category").selectOption("private-rented");
      await page.getByLabel("Address").fill("Flat 2, 10 Camberwell Grove, London");
      await fillDate(page, "Available from", addDays(TODAY, 50));
      await fillDate(page, "Duty to Refer date (optional)", addDays(TODAY, -1));
      await page.getByLabel("Duty to Refer outcome (optional)").selectOption("relief-duty");
      await page.getByLabel("Local authority (optional)").fill("Southwark");
      await web.submit(page, "Save move-on plan");
      const moveOn = await web.api("GET", `/bookings/${booking.arrives}/move-on`, { as: MANAGER });
      expect(moveOn.body.moveOn).toMatchObject({
        status: "confirmed",
        category: "private-rented",
        availableFrom: addDays(TODAY, 50),
        dutyToReferDate: addDays(TODAY, -1),
        dutyToReferOutcome: "relief-duty",
        localAuthority: "Southwark",
      });

      const before = (await bookingOf(booking.arrives!)).departureDate as string;
      await action(page, "Extend stay");
      await fillDate(page, "What is the new departure date?", addDays(before, 7));
      await page.getByLabel("Why is the stay being extended?").fill("Move-on address not ready until later");
      await web.submit(page, "Extend stay");
      expect((await bookingOf(booking.arrives!)).departureDate).toBe(addDays(before, 7));
      await web.screenshot(page, "placement-arrived");

      await action(page, "Record departure");
      await fillDate(page, "What date did they leave?", TODAY);
      await page.getByLabel("Planned move-on").check();
      await web.submit(page, "Continue");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Where did they move on to?");
      await page.getByLabel("Private rented").check();
      await web.submit(page, "Continue");
      expect(await page.title()).toBe(
        "Check your answers: record departure – Camberwell Road AP – Approved Premises",
      );
      expect((await bookingOf(booking.arrives!)).status).toBe("arrived");
      await web.screenshot(page, "placement-departure-check");
      await web.submit(page, "Record departure");
      api = await bookingOf(booking.arrives!);
      expect(api).toMatchObject({
        status: "departed",
        actualDepartureDate: TODAY,
        departure: { reason: "planned-move-on", moveOnCategory: "private-rented" },
      });
      // The timeline holds what was just done, newest first.
      const titles = await page.locator(".moj-timeline__title").allTextContents();
      expect(titles.slice(0, 4).map((t) => t.trim())).toEqual([
        "Departed",
        "Stay extended",
        "Move-on plan updated",
        "Arrived",
      ]);
      expect(titles).toContain("Referral submitted");
      // Nothing is offered that a departed stay would refuse.
      expect(await page.getByTestId("actions").count()).toBe(0);
    },
    WALK_MS,
  );

  it(
    "records an arrival and a departure with JavaScript turned off",
    async () => {
      const page = await web.newPage({ javaScript: false });
      await web.signIn(page, MANAGER);
      await web.visit(page, placementPath(booking.nojs!));
      await action(page, "Record arrival");
      await fillDate(page, "What date did they arrive?", addDays(TODAY, -1));
      await web.submit(page, "Record arrival");
      expect((await bookingOf(booking.nojs!)).status).toBe("arrived");
      await action(page, "Record departure");
      await fillDate(page, "What date did they leave?", TODAY);
      await page.getByLabel("Planned move-on").check();
      await web.submit(page, "Continue");
      await page.getByLabel("Supported housing").check();
      await web.submit(page, "Continue");
      await web.submit(page, "Record departure");
      expect(await bookingOf(booking.nojs!)).toMatchObject({
        status: "departed",
        departure: { moveOnCategory: "supported-housing" },
      });
    },
    WALK_MS,
  );

  it(
    "decides a stay reduction after checking the answers",
    async () => {
      const page = await web.newPage();
      await web.signIn(page, MANAGER);
      await web.visit(page, placementPath(booking.resident!));
      const before = (await bookingOf(booking.resident!)).departureDate as string;
      await web.submit(page, /^Decide/, "link");
      await page.getByLabel("Approve").check();
      await page.getByLabel("Reason").fill("Move-on confirmed before the new date");
      await web.submit(page, "Continue");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Check your decision before sending it",
      );
      await web.submit(page, "Confirm decision");
      const request = await web.api("GET", `/stay-reductions/${booking.request}`, { as: MANAGER });
      expect(request.body.status).toBe("approved");
      expect((await bookingOf(booking.resident!)).departureDate).toBe(request.body.newDepartureDate);
      expect(request.body.newDepartureDate < before).toBe(true);
      expect(await page.getByTestId("stay-reduction").count()).toBe(0);
    },
    WALK_MS,
  );

  it(
    "completes a pre-arrival item with the keyboard alone, then records a placement concern",
    async () => {
      const page = await web.newPage();
      await web.signIn(page, MANAGER);
      await web.visit(page, placementPath(booking.future!));
      /** Tab until the focused element's text matches, as someone without a mouse would. */
      const tabTo = async (text: RegExp) => {
        for (let i = 0; i < 120; i++) {
          await page.keyboard.press("Tab");
          const focused = await page.evaluate(
            () => (document.activeElement as HTMLElement | null)?.innerText ?? "",
          );
          if (text.test(focused)) return;
        }
        throw new Error(`never reached ${text} with Tab`);
      };
      await tabTo(/^Update\s+Risk information/);
      await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
      await web.check(page);
      expect(await page.title()).toBe(
        "Update pre-arrival checklist – Camberwell Road AP – Approved Premises",
      );
      // Into the radios: Tab reaches the checked one, an arrow moves to the next, Space chooses it.
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === "status"))
          break;
      }
      const focusedStatus = async () =>
        page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
      expect(await focusedStatus()).toBe("to-do");
      await page.keyboard.press("ArrowDown");
      expect(await focusedStatus()).toBe("done");
      await page.keyboard.press("Space");
      await tabTo(/^Save$/);
      await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
      await web.check(page);
      const plan = await web.api("GET", `/bookings/${booking.future}/pre-arrival`, { as: MANAGER });
      expect(plan.body.items.find((i: { itemId: string }) => i.itemId === "risk-information").status).toBe(
        "done",
      );

      await web.submit(page, "Review the placement", "link");
      await page.getByLabel("Raise a concern").check();
      await page.getByLabel("Risk mix with current residents").check();
      await page.getByLabel("Note").fill("Two very high RoSH residents already on the ground floor");
      await web.submit(page, "Record review");
      const api = await bookingOf(booking.future!);
      expect(api.placementReview).toMatchObject({ decision: "concern", reasons: ["risk-mix"] });
      expect(await page.getByTestId("review").textContent()).toContain("Risk mix with current residents");
      await web.screenshot(page, "placement-pre-arrival");
    },
    WALK_MS,
  );

  it("answers another premises' manager with 404 for this booking", async () => {
    const page = await web.newPage();
    await web.signIn(page, { role: "ap-manager", user: "eli", premises: ["ldn-ealing"] });
    const [own] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(placementPath(booking.future!))),
      page.goto(`${web.url}${placementPath(booking.future!)}`),
    ]);
    expect(own.status()).toBe(404);
    await web.check(page);
    // Reached through the manager's own premises' path, it is just as unknown.
    const path = `/premises/ldn-ealing/placements/${booking.future}`;
    const [other] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(path)),
      page.goto(`${web.url}${path}`),
    ]);
    expect(other.status()).toBe(404);
    await web.check(page);
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
