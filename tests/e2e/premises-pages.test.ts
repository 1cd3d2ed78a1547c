import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { runNightly } from "../../shared/services/nightly-job.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the premises pages browser test");
const SAM = { role: "ap-manager", user: "sam", premises: ["ldn-camberwell"] };
const TITLE = "Camberwell Road AP – Approved Premises";

describe.skipIf(skip)("the AP manager's premises pages", () => {
  const web = useWebSystem();

  it("opens the calendar from the premises page, a night's day view from the calendar, and downloads the nights as CSV", async () => {
    const page = await web.newPage();
    await web.signIn(page, SAM);
    await web.submit(page, "Calendar", "link");
    expect(await page.title()).toBe(`Calendar – ${TITLE}`);
    // 28 nights from today by default; one row a bed.
    const occupancy = await web.api(
      "GET",
      `/premises/ldn-camberwell/occupancy?from=${today()}&to=${addDays(today(), 27)}`,
      {
        as: SAM,
      },
    );
    const grid = page.locator("[data-testid=calendar]");
    expect(await grid.locator("thead th[data-date]").count()).toBe(28);
    expect(await grid.locator("tbody tr[data-bed]").count()).toBe(occupancy.body.beds.length);
    // Every bed's row covers every night, and the occupied nights are the API's.
    const occupiedNights = await grid
      .locator("tbody tr[data-bed]")
      .evaluateAll((rows) =>
        rows.map((r) =>
          Array.from(r.querySelectorAll("td")).reduce(
            (n, td) =>
              n +
              (["occupied", "booked"].includes(td.getAttribute("data-state") ?? "")
                ? Number(td.getAttribute("colspan"))
                : 0),
            0,
          ),
        ),
      );
    const apiOccupied = occupancy.body.beds.map(
      (b: { segments: { kind: string; startDate: string; endDate: string }[] }) =>
        b.segments
          .filter((s) => s.kind === "occupied")
          .reduce((n, s) => n + (Date.parse(s.endDate) - Date.parse(s.startDate)) / 86_400_000 + 1, 0),
    );
    expect(occupiedNights).toEqual(apiOccupied);
    await web.screenshot(page, "premises-calendar");

    // The window form is a GET: a week from a chosen night.
    const first = addDays(today(), 7);
    const [y, m, d] = first.split("-");
    await page.getByLabel("Day").fill(String(Number(d)));
    await page.getByLabel("Month").fill(String(Number(m)));
    await page.getByLabel("Year").fill(y!);
    await page.getByLabel("Number of nights").selectOption("7");
    await web.submit(page, "Show nights");
    expect(
      await grid
        .locator("thead th[data-date]")
        .evaluateAll((ths) => ths.map((t) => t.getAttribute("data-date"))),
    ).toEqual(Array.from({ length: 7 }, (_, i) => addDays(first, i)));
    // A night the form cannot use is refused with the error summary, from the schema.
    await page.getByLabel("Month").fill("13");
    await web.submit(page, "Show nights");
    expect(await page.title()).toBe(`Error: Calendar – ${TITLE}`);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("First night");

    // The CSV is the API's occupancy CSV for the window shown.
    await web.visit(page, "/premises/ldn-camberwell/calendar?nights=7");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download nights as CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8");
    const apiCsv = await web.api(
      "GET",
      `/premises/ldn-camberwell/occupancy.csv?from=${today()}&to=${addDays(today(), 6)}`,
      {
        as: SAM,
      },
    );
    expect(csv).toBe(apiCsv.body);
    expect(csv.split("\r\n")).toHaveLength(9);

    // A night opens its day view: each bed, its state and who is in it.
    const tomorrow = addDays(today(), 1);
    await page.locator(`thead th[data-date="${tomorrow}"] a`).click();
    await web.check(page);
    expect(new URL(page.url()).pathname).toBe(`/premises/ldn-camberwell/calendar/${tomorrow}`);
    expect(await page.title()).toMatch(new RegExp(`^\\w+day \\d{1,2} \\w+ \\d{4} – ${TITLE}$`));
    const night = await web.api("GET", `/premises/ldn-camberwell/occupancy?from=${tomorrow}&to=${tomorrow}`, {
      as: SAM,
    });
    const beds = page.locator("[data-testid=day-beds] tbody tr");
    expect(await beds.count()).toBe(night.body.beds.length);
    const states = await beds.evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute("data-bed"), r.getAttribute("data-state")])),
    );
    for (const bed of night.body.beds as {
      bedId: string;
      segments: { kind: string; bookingId?: string }[];
    }[]) {
      const kind = bed.segments[0]?.kind ?? "free";
      const shown = states[bed.bedId]!;
      if (kind === "occupied") expect(["occupied", "booked"]).toContain(shown);
      else if (kind === "out-of-service") expect(["out-of-service", "on-hold"]).toContain(shown);
      else expect(shown).toBe(kind);
      if (kind === "occupied") {
        const link = page.locator(`[data-testid=day-beds] tr[data-bed="${bed.bedId}"] a`);
        expect(await link.getAttribute("href")).toBe(
          `/premises/ldn-camberwell/placements/${bed.segments[0]!.bookingId}`,
        );
        // Who is in the bed, by name, as the booking holds it.
        const booking = await web.api("GET", `/bookings/${bed.segments[0]!.bookingId}`, { as: SAM });
        expect(await link.textContent()).toBe(booking.body.person.name);
      }
    }
    expect(Object.values(states)).toContain("occupied");
    await web.screenshot(page, "premises-day");
    await web.submit(page, "Next night", "link");
    expect(new URL(page.url()).pathname).toBe(`/premises/ldn-camberwell/calendar/${addDays(tomorrow, 1)}`);

    // Another premises' calendar is as unknown as one that does not exist.
    const [other] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/premises/ldn-ealing/calendar")),
      page.goto(`${web.url}/premises/ldn-ealing/calendar`),
    ]);
    expect(other.status()).toBe(404);
    await web.check(page);
  });

  it("takes a free bed out of service without JavaScript, refuses an overlapping period with the error summary, and the bed leaves occupancy", async () => {
    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, SAM);
    // A week well ahead, on a bed the API says is free for all of it.
    const from = addDays(today(), 150);
    const to = addDays(from, 6);
    const before = await web.api("GET", `/premises/ldn-camberwell/occupancy?from=${from}&to=${to}`, {
      as: SAM,
    });
    const free = (before.body.beds as { bedId: string; segments: unknown[] }[]).find(
      (b) => b.segments.length === 0,
    );
    expect(free).toBeDefined();
    const bedId = free!.bedId;

    await web.visit(page, "/premises/ldn-camberwell/out-of-service-beds");
    expect(await page.title()).toBe(`Out of service beds – ${TITLE}`);
    await web.submit(page, "Take a bed out of service", "button");
    expect(await page.title()).toBe(`Take a bed out of service – ${TITLE}`);
    // Nothing chosen: each field's message comes from the API's schemas.
    await web.submit(page, "Take bed out of service");
    expect(await page.title()).toBe(`Error: Take a bed out of service – ${TITLE}`);
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("Bed is required");
    expect(summary).toContain("First night out of service is required");
    expect(summary).toContain("Reason is required");

    const fill = async (prefix: string, date: string) => {
      const [y, m, d] = date.split("-");
      await page.locator(`#${prefix}-day`).fill(String(Number(d)));
      await page.locator(`#${prefix}-month`).fill(String(Number(m)));
      await page.locator(`#${prefix}-year`).fill(y!);
    };
    const complete = async () => {
      await page.getByLabel("Bed", { exact: true }).selectOption(bedId);
      await fill("startDate", from);
      await fill("endDate", to);
      await page.getByLabel("Planned works").check();
    };
    await complete();
    await web.submit(page, "Take bed out of service");
    expect(new URL(page.url()).pathname).toBe("/premises/ldn-camberwell/out-of-service-beds");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain(
      `Bed ${bedId} is out of service`,
    );
    expect(await page.locator(`[data-testid=out-of-service] tr[data-bed="${bedId}"]`).count()).toBe(1);

    // Through the API: listed, and the bed is out of service every night of the period.
    const listed = await web.api("GET", "/premises/ldn-camberwell/out-of-service", { as: SAM });
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ bedId, startDate: from, endDate: to, reason: "planned-works" }),
    );
    const after = await web.api("GET", `/premises/ldn-camberwell/occupancy?from=${from}&to=${to}`, {
      as: SAM,
    });
    expect(after.body.beds.find((b: { bedId: string }) => b.bedId === bedId).segments).toEqual([
      expect.objectContaining({ kind: "out-of-service", startDate: from, endDate: to }),
    ]);
    expect(after.body.days.map((d: { free: number }) => d.free)).toEqual(
      before.body.days.map((d: { free: number }) => d.free - 1),
    );

    // The same bed again for an overlapping night: the operation's 409, in the error summary.
    await web.visit(page, "/premises/ldn-camberwell/out-of-service-beds/new");
    await complete();
    await web.submit(page, "Take bed out of service");
    expect(await page.title()).toBe(`Error: Take a bed out of service – ${TITLE}`);
    const conflict = await page.locator(".govuk-error-summary").textContent();
    expect(conflict).toContain(`Bed ${bedId} is not free`);
    expect(conflict).toContain("It overlaps another out-of-service period");
    const again = await web.api("GET", "/premises/ldn-camberwell/out-of-service", { as: SAM });
    expect(again.body.items.filter((o: { bedId: string }) => o.bedId === bedId)).toHaveLength(
      listed.body.items.filter((o: { bedId: string }) => o.bedId === bedId).length,
    );
  });

  it("acknowledges an open alert, which the API then holds as acknowledged, and downloads the alerts and move-on board as CSV", async () => {
    // The demo stays depart 8 to 12 weeks out and arrive within 2: a night 40 days on raises
    // departure and arrival alerts at the premises.
    const summary = await runNightly(addDays(today(), 40));
    const open = await web.api("GET", "/alerts?premisesId=ldn-camberwell", { as: SAM });
    expect(open.body.items.length, JSON.stringify(summary)).toBeGreaterThan(0);
    const page = await web.newPage();
    await web.signIn(page, SAM);
    await web.visit(page, "/premises/ldn-camberwell/alerts");
    expect(await page.title()).toBe(`Alerts – ${TITLE}`);
    const rows = page.locator("[data-testid=alerts] tbody tr");
    expect(await rows.count()).toBe(open.body.items.length);
    const alertId = await rows.first().getAttribute("data-alert");
    await web.submit(page, /^Acknowledge/);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Alert acknowledged");
    const acknowledged = await web.api("GET", "/alerts?premisesId=ldn-camberwell&status=acknowledged", {
      as: SAM,
    });
    expect(acknowledged.body.items.map((a: { alertId: string }) => a.alertId)).toContain(alertId);
    expect(await rows.count()).toBe(open.body.items.length - 1);

    // The filter (a GET form) shows the acknowledged ones.
    await page.getByRole("radio", { name: "Acknowledged" }).check();
    await web.submit(page, "Apply filters");
    expect(await page.locator(`[data-testid=alerts] tr[data-alert="${alertId}"]`).count()).toBe(1);

    // The CSV is the table: a header and a row per alert shown.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download alerts as CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8")
      .split("\r\n")
      .filter(Boolean);
    expect(csv[0]).toBe("alert_id,kind,status,crn,due_date,threshold,detail,raised_at,acknowledged");
    expect(csv.slice(1).map((line) => line.split(",")[0])).toEqual(
      acknowledged.body.items.map((a: { alertId: string }) => a.alertId),
    );

    await web.submit(page, "Move-on", "link");
    expect(await page.title()).toBe(`Move-on – ${TITLE}`);
    const board = await web.api("GET", "/premises/ldn-camberwell/move-on", { as: SAM });
    const shown = await page
      .locator("[data-testid=move-on] tbody tr")
      .evaluateAll((trs) => trs.map((r) => r.getAttribute("data-crn")));
    expect(shown).toEqual(board.body.items.map((e: { person: { crn: string } }) => e.person.crn));
    const moveOnCsv = await page.request.get(`${web.url}/premises/ldn-camberwell/move-on-board.csv`);
    expect(moveOnCsv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = (await moveOnCsv.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^booking_id,crn,name,bed,/);
    expect(lines).toHaveLength(board.body.items.length + 1);
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
