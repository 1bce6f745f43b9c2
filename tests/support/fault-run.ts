// One run of a fault under traffic, as the fault tests judge it: traffic flows, the fault comes,
// lasts, the network heals, the traffic stops. Then: the same server process is up, every answer
// was a success or 503 UNAVAILABLE within 10 s, requests of every kind succeed again without a
// restart, and every 201 is in the database.
import { expect, vi } from "vitest";
import type { Store } from "../../server/store/connect";
import type { FaultProxy } from "./fault-proxy";
import {
  type Answer,
  callerFor,
  type Keys,
  type LoadOptions,
  send,
  startLoad,
  unexpectedAnswers,
} from "./request-load";
import type { ServerProcess } from "./server-process";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every 201 of `answers` is in the database. */
export async function expectNothingLost(store: Store, answers: Answer[]): Promise<void> {
  const created = (kind: Answer["kind"]) =>
    answers
      .filter((a) => a.kind === kind && a.status === 201)
      .map((a) => (kind === "click" ? a.body.click_id : a.body.id) as string);
  for (const [table, ids] of [
    ["clicks", created("click")],
    ["conversions", created("conversion")],
  ] as const) {
    if (ids.length === 0) continue;
    const stored = await store.db.selectFrom(table).select("id").where("id", "in", ids).execute();
    expect(stored.length, `${table} acknowledged but not stored`).toBe(ids.length);
  }
}

export interface FaultRun {
  server: ServerProcess;
  proxy: FaultProxy;
  store: Store;
  keys: Keys;
  load?: LoadOptions;
}

export async function throughFault(
  run: FaultRun,
  fault: () => void | Promise<void>,
  lastsMs: number,
): Promise<Answer[]> {
  const { server, proxy, keys } = run;
  const call = callerFor(server.url);
  const load = startLoad(call, keys, run.load);
  await vi.waitFor(() => expect(load.answers.length).toBeGreaterThan(20), { timeout: 10_000 });
  await fault();
  await sleep(lastsMs);
  await proxy.heal();
  const answers = await load.stop();

  expect(server.child.exitCode, server.output()).toBeNull();
  expect(server.child.signalCode).toBeNull();
  expect(unexpectedAnswers(answers)).toEqual([]);
  await vi.waitFor(
    async () => {
      for (const kind of ["click", "conversion", "list"] as const) {
        const answer = await send(call, keys, kind);
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      }
    },
    { timeout: 15_000, interval: 250 },
  );
  await expectNothingLost(run.store, answers);
  return answers;
}
