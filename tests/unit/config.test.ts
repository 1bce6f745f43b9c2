// Deployment configuration: the periodic pass over kept Stripe events is configurable, and a
// value out of range stops the start with a sentence naming the variable.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";

describe("loadConfig: kept Stripe events", () => {
  it("keeps events a week and tries them again every five minutes by default", () => {
    expect(loadConfig({})).toMatchObject({
      STRIPE_PENDING_MAX_AGE_HOURS: 168,
      STRIPE_PENDING_SWEEP_SECONDS: 300,
    });
  });

  it("reads other values from the environment", () => {
    expect(
      loadConfig({ STRIPE_PENDING_MAX_AGE_HOURS: "72", STRIPE_PENDING_SWEEP_SECONDS: "60" }),
    ).toMatchObject({ STRIPE_PENDING_MAX_AGE_HOURS: 72, STRIPE_PENDING_SWEEP_SECONDS: 60 });
  });

  it.each([
    ["STRIPE_PENDING_MAX_AGE_HOURS", "0"],
    ["STRIPE_PENDING_MAX_AGE_HOURS", "a week"],
    ["STRIPE_PENDING_SWEEP_SECONDS", "0.5"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe("loadConfig: the click dedupe memory", () => {
  it("is 120 MB by default and read from CLICK_DEDUPE_MEMORY_MB", () => {
    expect(loadConfig({}).CLICK_DEDUPE_MEMORY_MB).toBe(120);
    expect(loadConfig({ CLICK_DEDUPE_MEMORY_MB: "16" }).CLICK_DEDUPE_MEMORY_MB).toBe(16);
  });

  it.each(["0", "lots"])("refuses CLICK_DEDUPE_MEMORY_MB=%s, naming it", (value) => {
    expect(() => loadConfig({ CLICK_DEDUPE_MEMORY_MB: value })).toThrow("CLICK_DEDUPE_MEMORY_MB");
  });
});

describe("loadConfig: click budgets", () => {
  it("caps one visitor address at 60 clicks a minute by default", () => {
    expect(loadConfig({}).RATE_LIMIT_PER_VISITOR).toBe(60);
    expect(loadConfig({ RATE_LIMIT_PER_VISITOR: "500" }).RATE_LIMIT_PER_VISITOR).toBe(500);
    expect(() => loadConfig({ RATE_LIMIT_PER_VISITOR: "0" })).toThrow("RATE_LIMIT_PER_VISITOR");
  });
});

describe("loadConfig: webhook pacing", () => {
  it("lets deliveries fall 30 s behind by default, read from WEBHOOK_MAX_LAG_SECONDS", () => {
    expect(loadConfig({}).WEBHOOK_MAX_LAG_SECONDS).toBe(30);
    expect(loadConfig({ WEBHOOK_MAX_LAG_SECONDS: "5" }).WEBHOOK_MAX_LAG_SECONDS).toBe(5);
  });

  it.each(["0", "1.5", "soon"])("refuses WEBHOOK_MAX_LAG_SECONDS=%s, naming it", (value) => {
    expect(() => loadConfig({ WEBHOOK_MAX_LAG_SECONDS: value })).toThrow("WEBHOOK_MAX_LAG_SECONDS");
  });
});
