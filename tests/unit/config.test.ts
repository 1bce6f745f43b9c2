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
