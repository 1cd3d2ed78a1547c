import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { mintToken, type TokenRequest } from "../../../infra/local/local-auth.js";
import { type Runtime, startRuntime } from "../../../infra/local/runtime.js";
import { seedDemoData } from "../../../infra/local/seed.js";
import { resetClient } from "../../../shared/store/client.js";

/**
 * The browser suite's harness: the whole local system (DynamoDB Local, the real handlers
 * behind the local gateway, demo data), headless Chromium through playwright-core, and
 * checks on every page: axe (WCAG 2.2 AA rules; serious or critical fails), no console
 * error, no request off the system's origin.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SCREENS = join(import.meta.dirname, "../../../docs/screens");
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Call at the top of a browser test file: says so when the suite cannot run here. */
export function skipUnlessChromium(suite: string): boolean {
  if (!hasChromium) console.log(`[e2e] ${CHROMIUM} is absent: ${suite} is skipped`);
  return !hasChromium;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface WebSystem {
  /** Set in beforeAll. */
  runtime: Runtime;
  url: string;
  browser: Browser;
  /** Console errors, page errors, refused or off-origin requests and axe failures, page by page. */
  problems: string[];
  /** The JSON API with a token minted for `as`, to check what a page did. */
  api<T = any>(
    method: string,
    path: string,
    opts: { as: TokenRequest; body?: unknown },
  ): Promise<ApiResponse<T>>;
  /** A page in a fresh browser context (its own cookies); `javaScript: false` for the no-JS runs. */
  newPage(opts?: { javaScript?: boolean }): Promise<Page>;
  /** Navigates and checks the page. */
  visit(page: Page, path: string): Promise<void>;
  /** Runs after any navigation a test caused itself (a click, a submit): axe and the error log. */
  check(page: Page): Promise<void>;
  /** Clicks a button or link and checks the page it leads to. */
  submit(page: Page, name: string | RegExp, role?: "button" | "link"): Promise<void>;
  signIn(page: Page, as: { role: string; user: string; premises?: string[] }): Promise<void>;
  /** docs/screens/NAME.png, the whole page. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Every document a page loaded was checked, and nothing went wrong on any of them. */
  assertClean(): void;
}

interface Tracked {
  loaded: string[];
  checked: Set<string>;
  javaScript: boolean;
}

export function useWebSystem(opts: { fixedNow?: string; seed?: boolean } = {}): WebSystem {
  const tracked = new Map<Page, Tracked>();
  const contexts: BrowserContext[] = [];
  let checker: Page | undefined;

  const web: WebSystem = {
    runtime: undefined as unknown as Runtime,
    url: "",
    browser: undefined as unknown as Browser,
    problems: [],

    async api(method, path, o) {
      const token = await mintToken(o.as);
      const res = await fetch(`${web.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // CSV or HTML: keep the text
      }
      return { status: res.status, body: body as never, headers: res.headers };
    },

    async newPage(o = {}) {
      const javaScript = o.javaScript ?? true;
      const context = await web.browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: "en-GB",
        timezoneId: "Europe/London",
        javaScriptEnabled: javaScript,
      });
      contexts.push(context);
      const page = await context.newPage();
      const t: Tracked = { loaded: [], checked: new Set(), javaScript };
      tracked.set(page, t);
      page.on("load", () => t.loaded.push(page.url()));
      // A page the server answers with 4xx on purpose (a form with errors, the 403 and 404
      // pages) makes Chromium log "Failed to load resource" for that document; any other
      // console error, and any failed asset, is a problem.
      const deliberate = new Set<string>();
      page.on("response", (r) => {
        if (r.request().isNavigationRequest() && r.status() >= 400 && r.status() < 500)
          deliberate.add(r.url());
      });
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        if (/^Failed to load resource/.test(m.text()) && deliberate.has(m.location().url)) return;
        web.problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => web.problems.push(`page error on ${page.url()}: ${e.message}`));
      page.on("request", (r) => {
        if (!r.url().startsWith(web.url) && !r.url().startsWith("data:"))
          web.problems.push(`off-origin request from ${page.url()}: ${r.url()}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 500) web.problems.push(`${r.status()} for ${r.url()}`);
      });
      return page;
    },

    async visit(page, path) {
      await page.goto(`${web.url}${path}`);
      await web.check(page);
    },

    async check(page) {
      await page.waitForLoadState("load");
      const t = tracked.get(page);
      const url = page.url();
      let target = page;
      if (t && !t.javaScript) {
        // axe runs in the page, so a page seen without JavaScript is checked as served:
        // the same HTML, replayed into a JavaScript-enabled page with the real assets.
        const html = await page.content();
        checker ??= await (
          await web.browser.newContext({ viewport: { width: 1280, height: 900 } })
        ).newPage();
        await checker.route(url, (route) =>
          route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }),
        );
        await checker.goto(url);
        await checker.unroute(url);
        target = checker;
      }
      const results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of serious) {
        web.problems.push(
          `axe ${v.impact} ${v.id} on ${url}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`,
        );
      }
      t?.checked.add(url);
      if (web.problems.length > 0) throw new Error(`Problems so far:\n${web.problems.join("\n")}`);
    },

    async submit(page, name, role = "button") {
      await Promise.all([page.waitForEvent("load"), page.getByRole(role, { name }).first().click()]);
      await web.check(page);
    },

    async signIn(page, as) {
      await web.visit(page, "/sign-in");
      await page.getByLabel("Role").selectOption(as.role);
      await page.getByLabel("User name").fill(as.user);
      const premises = page.getByRole("group", { name: "Premises" });
      for (const p of as.premises ?? []) await premises.locator(`input[value="${p}"]`).check();
      await web.submit(page, "Sign in");
    },

    async screenshot(page, name) {
      mkdirSync(SCREENS, { recursive: true });
      await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    },

    assertClean() {
      const unchecked = [...tracked.values()].flatMap((t) => t.loaded.filter((u) => !t.checked.has(u)));
      if (unchecked.length > 0) web.problems.push(`pages loaded but never checked: ${unchecked.join(", ")}`);
      if (web.problems.length > 0) throw new Error(web.problems.join("\n"));
    },
  };

  beforeAll(async () => {
    if (opts.fixedNow) process.env.AP_FIXED_NOW = opts.fixedNow;
    resetClient();
    web.runtime = await startRuntime({ port: 0 });
    web.url = web.runtime.url;
    if (opts.seed ?? true) await seedDemoData(web.url);
    web.runtime.ready?.();
    web.browser = await chromium.launch({
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
    // DynamoDB Local's JVM and the demo seed can take minutes on a loaded two-core machine.
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await web.browser?.close();
    await web.runtime?.stop();
    if (opts.fixedNow) delete process.env.AP_FIXED_NOW;
  }, 60_000);

  return web;
}
