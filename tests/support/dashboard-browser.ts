// The dashboard in real Chromium against the real server over a socket and a real database:
// a harness with a signed-up user, a browser, sign-in through the form, screenshots saved under
// tests/artifacts/dashboard/ (looked at by people, not compared), and axe-core's verdict.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { launchBrowser } from "./browser";
import { createHarness, type Harness, type HarnessOptions } from "./harness";
import { createDashboardUser } from "./session";

export const ARTIFACTS = resolve(import.meta.dirname, "../artifacts/dashboard");

export interface DashboardUser {
  email: string;
  password: string;
  id: string;
}

export interface DashboardRig {
  h: Harness;
  browser: Browser;
  base: string;
  user: DashboardUser;
  /** Exceptions thrown in any page: a test ends by expecting none. */
  pageErrors: Error[];
  /** A fresh browser profile (its own cookies and localStorage), at the dashboard's sign-in. */
  newPage(options?: {
    width?: number;
    height?: number;
    colorScheme?: "light" | "dark";
  }): Promise<Page>;
  close(): Promise<void>;
}

export async function startDashboard(options: HarnessOptions = {}): Promise<DashboardRig> {
  const h = await createHarness({ ...options, transport: "socket" });
  const user = await createDashboardUser(h, { email: "owner@acme.example" });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const base = `${h.url}/dashboard`;
  const pageErrors: Error[] = [];
  return {
    h,
    browser,
    base,
    user,
    pageErrors,
    async newPage({ width = 1280, height = 860, colorScheme = "light" } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        colorScheme,
        acceptDownloads: true,
        permissions: ["clipboard-read", "clipboard-write"],
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error));
      await page.goto(base);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await h.close();
    },
  };
}

export async function signInThroughForm(page: Page, user: { email: string; password: string }) {
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
}

/** Goes to a dashboard page through the app's own navigation (no reload). */
export async function openPage(page: Page, link: string, heading: string | RegExp) {
  await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link", { name: link, exact: true })
    .click();
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
}

export async function screenshot(page: Page, name: string, path?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path ?? join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Nothing wider than the window: no page scrolls sideways (wide tables scroll in their own box). */
export async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  const found = await page.evaluate(() => ({
    by: document.documentElement.scrollWidth - window.innerWidth,
    culprits: [...document.querySelectorAll("body *")]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 1 &&
          !el.closest(".sidebar, .table-wrap"),
      )
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
  expect(
    found.by,
    `${name} is wider than the window: ${found.culprits.join(", ")}`,
  ).toBeLessThanOrEqual(0);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const grave = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(" | ")}`,
    );
  expect(grave, `${name}: axe violations`).toEqual([]);
}
