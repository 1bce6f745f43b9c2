import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, createHarness } from "../support/harness";

describe("smoke", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it("records a click", async () => {
    const res = await h.click();
    expect(res.status).toBe(201);
    expect(res.body.click_id).toMatch(/^clk_/);
    const again = await h.click();
    expect(again.status).toBe(200);
    expect(again.body.click_id).toBe(res.body.click_id);
  });
});
