// `selgeo serve` charges clicks to the budgets RATE_LIMIT_PER_VISITOR configures: one address is
// capped (60 a minute by default; 3 here) while other visitors go on, and refused origins have a
// budget of their own (tests/integration/http/click-answer.origin-budget.security.test.ts covers
// the budgets in depth).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../support/harness";
import { type SeededStore, seededStore } from "../support/seeded-store";
import { type ServerProcess, startServerProcess } from "../support/server-process";

let seeded: SeededStore;
let server: ServerProcess;

beforeAll(async () => {
  seeded = await seededStore("sqlite");
  server = await startServerProcess({
    demo: false,
    dir: seeded.dir,
    env: { ...seeded.env, RATE_LIMIT_PER_VISITOR: "3", LOG_LEVEL: "fatal" },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop("SIGKILL");
  await seeded?.store.close();
});

const click = (ip: string) =>
  fetch(`${server.url}/api/v1/clicks`, {
    method: "POST",
    headers: {
      "Content-Type": "text/plain",
      "X-Forwarded-For": ip,
      "User-Agent": BROWSER_USER_AGENT,
    },
    body: JSON.stringify({
      key: seeded.merchant.keys.pk_test,
      ref: "demo",
      url: "https://shop.example/?ref=demo",
    }),
  });

describe("selgeo serve: the per-visitor cap", { timeout: 60_000 }, () => {
  it("refuses one address past RATE_LIMIT_PER_VISITOR, not the others", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await click("198.51.100.77")).status);
    expect(statuses).toEqual([201, 200, 200, 429]);
    const refused = await click("198.51.100.77");
    expect((await refused.json()).error.details.budget).toBe("visitor");
    expect((await click("198.51.100.78")).status).toBe(201);
  });
});
