// The test/live mode switch in Chromium: a test click is seen only in test mode and a live one
// only in live, the banner says which, the choice survives a reload, and new clicks appear on
// the Clicks page within seconds without one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import {
  type DashboardRig,
  openPage,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";

const canRun = chromiumOrSkip("dashboard mode tests");

describe.skipIf(!canRun)("dashboard mode switch in Chromium", () => {
  let rig: DashboardRig;
  let testClick: string;
  let liveClick: string;
  beforeAll(async () => {
    rig = await startDashboard();
    rig.h.clock.set(new Date());
    testClick = (await rig.h.click("demo", { ip: "198.51.100.20" })).body.click_id;
    liveClick = (
      await rig.h.click("demo", { ip: "198.51.100.21", key: rig.h.merchant.keys.pk_live })
    ).body.click_id;
  }, 60_000);
  afterAll(async () => rig?.close());

  it("shows test clicks in test mode and live clicks in live mode, and remembers the choice", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await page.getByText("Viewing test data").waitFor();
    await openPage(page, "Clicks", "Clicks");
    await page.getByText(testClick).waitFor();
    expect(await page.getByText(liveClick).count()).toBe(0);

    await page.getByRole("radio", { name: "Live" }).check();
    await page.getByText(liveClick).waitFor();
    expect(await page.getByText(testClick).count()).toBe(0);
    expect(await page.getByText("Viewing test data").count()).toBe(0);

    await page.reload();
    await page.getByText(liveClick).waitFor();
    expect(await page.getByRole("radio", { name: "Live" }).isChecked()).toBe(true);
    expect(await page.getByText("Viewing test data").count()).toBe(0);

    await page.getByRole("radio", { name: "Test" }).check();
    await page.getByText(testClick).waitFor();
    expect(await page.getByText(liveClick).count()).toBe(0);
  });

  it("shows a new click within seconds, without a reload", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Clicks", "Clicks");
    await page.getByText(testClick).waitFor();
    rig.h.clock.set(new Date());
    const fresh = (await rig.h.click("demo", { ip: "198.51.100.22" })).body.click_id as string;
    const started = Date.now();
    await page.getByText(fresh).waitFor({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(await page.locator("tr.row-new").count()).toBe(1);
    expect(rig.pageErrors).toEqual([]);
  });
});
