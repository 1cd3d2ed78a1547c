import { describe, expect, it } from "vitest";
import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";
import { skipUnlessChromium, useWebSystem } from "./support/web.js";

const skip = skipUnlessChromium("the sign-in browser test");

describe.skipIf(skip)("signing in to the staff pages", () => {
  const web = useWebSystem();

  it("sends someone not signed in to the sign-in form, and back where they were going afterwards", async () => {
    const page = await web.newPage();
    await web.visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.title()).toBe("Sign in – Approved Premises");
    await web.screenshot(page, "sign-in");
    await page.getByLabel("Role").selectOption("ap-manager");
    await page.getByLabel("User name").fill("sam");
    await page.getByRole("group", { name: "Premises" }).getByLabel("Camberwell Road AP").check();
    await web.submit(page, "Sign in");
    expect(new URL(page.url()).pathname).toBe("/premises/ldn-camberwell/placements");
    expect(await page.title()).toBe("Upcoming – Camberwell Road AP – Approved Premises");
    await web.screenshot(page, "premises-upcoming");
    // The tabs are links: the current residents' tab works the same with or without JavaScript.
    await web.submit(page, /^Current \(\d+\)$/, "link");
    expect(await page.title()).toBe("Current – Camberwell Road AP – Approved Premises");
    const api = await web.api(
      "GET",
      `/premises/ldn-camberwell/bookings?status=arrived&from=${addDays(today(), -90)}`,
      {
        as: { role: "ap-manager", user: "sam", premises: ["ldn-camberwell"] },
      },
    );
    const shown = await page
      .locator("[data-testid=placements] tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-crn")));
    expect(shown.sort()).toEqual(api.body.items.map((b: { person: { crn: string } }) => b.person.crn).sort());
    await web.screenshot(page, "premises-current");
    // Another premises is as unknown as one that does not exist.
    const [other] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/premises/ldn-ealing/placements")),
      page.goto(`${web.url}/premises/ldn-ealing/placements`),
    ]);
    expect(other.status()).toBe(404);
    await web.check(page);
    // The session is in an httpOnly cookie: nothing for a script to read or steal.
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: "ap-session", httpOnly: true, sameSite: "Lax" });
  });

  it("shows the GOV.UK error summary for a manager who chose no premises, and changes nothing", async () => {
    const page = await web.newPage();
    await web.visit(page, "/sign-in");
    await page.getByLabel("Role").selectOption("ap-manager");
    await page.getByLabel("User name").fill("sam");
    await web.submit(page, "Sign in");
    expect(await page.title()).toBe("Error: Sign in – Approved Premises");
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain(
      "Premises must include at least one premises for an AP manager",
    );
    await summary.getByRole("link").first().click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("premises");
  });

  it("signs a manager of several premises in to a choice of them, and out again", async () => {
    const page = await web.newPage({ javaScript: false });
    await web.signIn(page, { role: "ap-manager", user: "kim", premises: ["ldn-camberwell", "ldn-ealing"] });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your premises");
    expect(await page.getByRole("link", { name: "Ealing Green AP" }).getAttribute("href")).toBe(
      "/premises/ldn-ealing/placements",
    );
    await web.submit(page, "Sign out", "link");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("You have signed out");
    await web.visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("refuses a form posted without the session's token, with a 403 page", async () => {
    const page = await web.newPage();
    await web.visit(page, "/sign-in");
    await page.evaluate(() => {
      (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = "forged";
    });
    await page.getByLabel("Role").selectOption("cru");
    await page.getByLabel("User name").fill("eve");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(response.status()).toBe(403);
    await web.check(page);
    await web.visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("had no console errors, off-origin requests or accessibility failures on any page", () => {
    web.assertClean();
  });
});
