import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../infra/local/local-auth.js";
import { type Runtime, startRuntime } from "../../infra/local/runtime.js";
import { seedDemoData } from "../../infra/local/seed.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import type { Alert } from "../../shared/schemas/alerts.js";
import { alertItem } from "../../shared/store/alerts-store.js";
import { resetClient } from "../../shared/store/client.js";
import { keys } from "../../shared/store/keys.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.log(`[e2e] ${CHROMIUM} is absent: the browser test of the occupancy page is skipped`);

const SHOTS = join(import.meta.dirname, "__screenshots__");
const TODAY = "2026-11-23";
const BOOKING = "bk-e2e-stay";
const alertRoutesExist = ROUTES.some((r) => r.path === "/alerts/{alertId}/acknowledgement");
const ALERT_TO_ACK = "a".repeat(32);
const ALERT_LEFT_OPEN = "b".repeat(32);
const alert = (alertId: string, crn: string, daysLeft: number): Alert => ({
  alertId,
  kind: "departure-without-move-on",
  status: "open",
  threshold: 7,
  daysLeft,
  dueDate: "2026-11-28",
  night: "2026-11-23",
  premisesId: "ldn-camberwell",
  bookingId: BOOKING,
  crn,
  raisedAt: "2026-11-23T02:00:00.000Z",
  version: 1,
});

let runtime: Runtime;
/** Beds the demo seed left free around today, picked at start-up so seeded bookings never collide. */
let STAY_BED = "";
let OOS_BED = "";
let FREE_BED = "";
let adminToken = "";
const getJson = (path: string) =>
  fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } }).then((r) =>
    r.json(),
  );
let browser: Browser;
const problems: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Nothing may be fetched from anywhere but the API itself.
  page.on("request", (r) => {
    if (!r.url().startsWith(runtime.url) && !r.url().startsWith("blob:"))
      problems.push(`off-origin request: ${r.url()}`);
  });
  return page;
}

async function signIn(page: Page, role: string, user: string, premises = "") {
  await page.goto(`${runtime.url}/app`);
  const form = page.locator("#local-sign-in-form");
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("User name").fill(user);
  await form.getByLabel("Premises", { exact: true }).fill(premises);
  await form.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!hasChromium)("occupancy page in a browser", () => {
  beforeAll(async () => {
    process.env.AP_FIXED_NOW = `${TODAY}T10:00:00Z`;
    resetClient();
    runtime = await startRuntime({ port: 0 });
    await seedDemoData(runtime.url);
    adminToken = await mintToken({ role: "admin", user: "e2e-admin" });
    const seeded = await getJson("/premises/ldn-camberwell/occupancy?from=2026-11-20&to=2026-12-05");
    const freeBeds = seeded.beds
      .filter((b: { segments: unknown[] }) => b.segments.length === 0)
      .map((b: { bedId: string }) => b.bedId);
    expect(freeBeds.length).toBeGreaterThanOrEqual(3);
    [STAY_BED, OOS_BED, FREE_BED] = freeBeds;
    // A resident in a free bed from 21 Nov, departing 28 Nov, with two buffer nights (28–29 Nov).
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.dynamoEndpoint,
        region: "eu-west-2",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );
    await ddb.send(
      new PutCommand({
        TableName: runtime.tableName,
        Item: {
          ...keys.stayFootprint("ldn-camberwell", "2026-11-29", STAY_BED, BOOKING),
          type: "footprint",
          kind: "stay",
          premisesId: "ldn-camberwell",
          bedId: STAY_BED,
          startDate: "2026-11-21",
          departureDate: "2026-11-28",
          lastNight: "2026-11-29",
          bookingId: BOOKING,
          crn: "X123456",
          riskOfSeriousHarm: "very-high",
          noticeType: "emergency",
          status: "arrived",
        },
      }),
    );
    if (alertRoutesExist) {
      // As the nightly job stores them; the job itself is tested elsewhere.
      for (const a of [alert(ALERT_TO_ACK, "X123456", 5), alert(ALERT_LEFT_OPEN, "Y654321", 2)]) {
        await ddb.send(new PutCommand({ TableName: runtime.tableName, Item: alertItem(a) }));
      }
    }
    const oos = await fetch(`${runtime.url}/premises/ldn-camberwell/beds/${OOS_BED}/out-of-service`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ startDate: "2026-11-25", endDate: "2026-11-26", reason: "flood-or-fire" }),
    });
    expect(oos.status).toBe(201);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    delete process.env.AP_FIXED_NOW;
  });

  it("an AP manager signs in and sees the stay, its buffer and an out-of-service bed in the right cells", async () => {
    const page = await newPage();
    await signIn(page, "ap-manager", "e2e-manager", "ldn-camberwell");
    await page.waitForSelector("#calendar-table");
    await expect.poll(() => page.textContent("#who")).toContain("e2e-manager");

    const cell = (bed: string, date: string) =>
      page.locator(`#calendar-table td[data-bed="${bed}"][data-date="${date}"]`);
    const kindOf = (bed: string, date: string) => cell(bed, date).getAttribute("data-kind");
    // 84 nights from today, today marked.
    expect(await page.locator("#calendar-table thead th.calendar__date").count()).toBe(84);
    expect(await page.getAttribute('#calendar-table thead th[aria-current="date"]', "data-date")).toBe(TODAY);
    expect(await page.locator("#calendar-table tbody tr").count()).toBe(8);
    // The stay: occupied 23–27 Nov (clipped to the window), buffer 28–29 Nov, free from 30 Nov.
    for (const date of ["2026-11-23", "2026-11-24", "2026-11-27"]) {
      expect(await kindOf(STAY_BED, date)).toBe("occupied");
      expect(await cell(STAY_BED, date).getAttribute("data-booking-id")).toBe(BOOKING);
    }
    expect(await kindOf(STAY_BED, "2026-11-28")).toBe("buffer");
    expect(await kindOf(STAY_BED, "2026-11-29")).toBe("buffer");
    expect(await kindOf(STAY_BED, "2026-11-30")).toBe("free");
    expect(await kindOf(OOS_BED, "2026-11-25")).toBe("out-of-service");
    expect(await kindOf(OOS_BED, "2026-11-27")).toBe("free");
    expect(await kindOf(FREE_BED, TODAY)).toBe("free");
    // Letters, not colour alone.
    expect((await cell(STAY_BED, "2026-11-24").textContent())?.trim()).toBe("O");
    expect((await cell(STAY_BED, "2026-11-28").textContent())?.trim()).toBe("B");
    expect((await cell(OOS_BED, "2026-11-25").textContent())?.trim()).toBe("X");
    // Free beds per night agree with the API for every night shown.
    const truth = await getJson("/premises/ldn-camberwell/occupancy");
    const shown = await page
      .locator("#calendar-table tfoot td")
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-free"))));
    expect(shown).toEqual(truth.days.map((d: { free: number }) => d.free));

    // The CRN, risk and notice on click.
    await cell(STAY_BED, "2026-11-25").click();
    const detail = page.locator("#cell-detail");
    await expect.poll(() => detail.isVisible()).toBe(true);
    const text = await detail.textContent();
    expect(text).toContain("X123456");
    expect(text).toContain("Very high");
    expect(text).toContain("Emergency");
    expect(text).toContain("Saturday 28 November 2026");
    // And on the first night's button, reachable by keyboard.
    const first = cell(STAY_BED, TODAY).getByRole("button");
    expect(await first.getAttribute("aria-label")).toContain("CRN X123456");

    // This week's departures include the resident.
    expect(await page.textContent("#departures-this-week")).toContain("X123456");

    // Alerts and move-on: rendered when their routes answer, otherwise "not available".
    await page.waitForFunction(
      () => !/Loading/.test(document.querySelector("#alerts-body")?.textContent ?? "Loading"),
    );
    await page.waitForFunction(
      () => !/Loading/.test(document.querySelector("#move-on-body")?.textContent ?? "Loading"),
    );
    await page.screenshot({ path: join(SHOTS, "calendar-ap-manager.png"), fullPage: true });
    if (!alertRoutesExist) {
      console.log("[e2e] the alerts routes are not in the route table: acknowledging is not exercised");
      expect(await page.textContent("#alerts-body")).toContain("Not available");
    } else {
      const alertRows = page.locator("#alerts-table tbody tr");
      expect(await alertRows.count()).toBe(2);
      expect(await page.textContent("#alerts-table")).toContain("5 days left");
      await page
        .locator(`#alerts-table tr[data-alert-id="${ALERT_TO_ACK}"]`)
        .getByRole("button", { name: /Acknowledge/ })
        .click();
      await expect.poll(() => page.textContent("#status")).toContain("Alert acknowledged");
      expect(await alertRows.count()).toBe(1);
      expect(await alertRows.first().getAttribute("data-alert-id")).toBe(ALERT_LEFT_OPEN);
      // The API agrees: one open, one acknowledged by this manager.
      const token = await mintToken({ role: "cru", user: "e2e-check" });
      const acked = await fetch(`${runtime.url}/alerts?premisesId=ldn-camberwell&status=acknowledged`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json());
      expect(acked.items.map((a: Alert) => [a.alertId, a.acknowledgedBy])).toEqual([
        [ALERT_TO_ACK, "e2e-manager"],
      ]);
    }
    expect(await page.textContent("#move-on-body")).not.toContain("Loading");

    // A 7-night view.
    const controls = page.locator("#calendar-form");
    await controls.getByLabel("Nights shown").selectOption("7");
    await controls.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.locator("#calendar-table thead th.calendar__date").count()).toBe(7);
    expect(await page.getAttribute("#calendar-table", "data-to")).toBe("2026-11-29");
    await page.screenshot({ path: join(SHOTS, "calendar-7-nights.png") });
    await page.close();
  });

  it("a CRU user sees the area view with a 28-night sparkline per premises and can open a premises", async () => {
    const page = await newPage();
    await signIn(page, "cru", "e2e-cru");
    await page.waitForSelector("#area-table");
    const rows = page.locator("#area-table tbody tr");
    expect(await rows.count()).toBe(4);
    const camberwell = page.locator('#area-table tr[data-premises-id="ldn-camberwell"]');
    expect(await camberwell.locator("svg.sparkline rect").count()).toBe(28);
    const tds = await camberwell.locator("td").allTextContents();
    const api = (await getJson("/occupancy?area=london")).items.find(
      (p: { premisesId: string }) => p.premisesId === "ldn-camberwell",
    );
    // Area, beds, occupied, buffer, out of service, free today: as the API says.
    expect(tds.slice(0, 6)).toEqual([
      "London",
      ...[api.beds, api.occupied, api.buffer, api.outOfService, api.free].map(String),
    ]);
    expect(api.occupied).toBeGreaterThanOrEqual(1);
    expect(tds[6]).toContain(`${api.lowestFreeNext28.count} on `);
    if (alertRoutesExist) expect(tds[8]).toBe(String(api.openAlerts));
    const bars = await camberwell
      .locator("svg.sparkline rect")
      .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("data-free"))));
    expect(bars).toEqual(api.freeNext28);
    await page.screenshot({ path: join(SHOTS, "area-view-cru.png"), fullPage: true });
    await camberwell.getByRole("button", { name: "Camberwell Road AP" }).click();
    await expect.poll(() => page.textContent("#premises-heading")).toContain("Camberwell Road AP");
    expect(
      await page.getAttribute(
        `#calendar-table td[data-bed="${STAY_BED}"][data-date="2026-11-24"]`,
        "data-kind",
      ),
    ).toBe("occupied");
    await page.close();
  });

  it("raised no script errors, CSP violations or requests off the API's origin", () => {
    expect(problems).toEqual([]);
  });
});
