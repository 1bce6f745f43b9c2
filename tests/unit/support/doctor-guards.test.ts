import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureExtensionBuilt } from "../../../server/support/doctor/extension-build";
import {
  guardServiceWorkerRequests,
  isPrivateAddress,
  isPrivateHost,
  privateRequestPolicy,
} from "../../../server/support/doctor/private-guard";
import { chromiumArgs } from "../../../server/support/doctor/run";

describe("private and loopback addresses", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true], // cloud metadata
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["[::1]", true],
    ["fd12:3456::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:8.8.8.8", false],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
  ])("%s → %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it("resolves names: a public name that resolves to loopback is private", async () => {
    const resolve = async (host: string) =>
      host === "rebind.example" ? ["127.0.0.1"] : ["93.184.215.14"];
    expect(await isPrivateHost("rebind.example", resolve)).toBe(true);
    expect(await isPrivateHost("shop.example", resolve)).toBe(false);
    expect(await isPrivateHost("localhost", resolve)).toBe(true);
    expect(await isPrivateHost("app.localhost", resolve)).toBe(true);
    // A name nobody can resolve cannot be reached by the browser either.
    expect(
      await isPrivateHost("nowhere.invalid", async () => Promise.reject(new Error("ENOTFOUND"))),
    ).toBe(false);
  });
});

describe("the extension's own requests (keys/check, probes) in its service worker", () => {
  const resolve = async (host: string) =>
    host === "intranet.example" ? ["10.0.0.5"] : ["93.184.215.14"];
  const WORKER = {
    targetId: "sw-1",
    type: "service_worker",
    url: "chrome-extension://abc/background.js",
  };

  /** A browser CDP session: targets, and the messages sent into each attached one. */
  function fakeBrowser(targets: (typeof WORKER)[]) {
    const listeners = new Map<string, (event: never) => void>();
    const sent: { sessionId: string; method: string; params: Record<string, unknown> }[] = [];
    const attached: string[] = [];
    const session = {
      on: (event: string, listener: (event: never) => void) => listeners.set(event, listener),
      send: async (method: string, params: Record<string, unknown> = {}) => {
        if (method === "Target.getTargets") return { targetInfos: targets };
        if (method === "Target.attachToTarget") {
          attached.push(params.targetId as string);
          return { sessionId: `session-${params.targetId}` };
        }
        if (method === "Target.sendMessageToTarget") {
          const { method: inner, params: innerParams } = JSON.parse(params.message as string);
          sent.push({ sessionId: params.sessionId as string, method: inner, params: innerParams });
        }
        return {};
      },
    };
    const emit = (event: string, payload: unknown) => listeners.get(event)?.(payload as never);
    const pause = (sessionId: string, requestId: string, url: string) =>
      emit("Target.receivedMessageFromTarget", {
        sessionId,
        message: JSON.stringify({
          method: "Fetch.requestPaused",
          params: { requestId, request: { url } },
        }),
      });
    return { session, sent, attached, emit, pause };
  }

  async function guarded(options: { guarded?: boolean; targets?: (typeof WORKER)[] } = {}) {
    const browser = fakeBrowser(
      options.targets ?? [
        WORKER,
        { targetId: "page-1", type: "page", url: "https://shop.example/" },
      ],
    );
    const refused: string[] = [];
    const policy = privateRequestPolicy({
      allowedHost: "shop.example",
      onRefused: () => {},
      resolve,
    });
    await guardServiceWorkerRequests(browser.session as never, {
      policy: () => (options.guarded === false ? null : policy),
      onRefused: (url) => refused.push(url),
    });
    const settle = () => new Promise((done) => setTimeout(done, 0));
    return { ...browser, refused, settle };
  }

  it("intercepts the extension's worker only, redirect hops included", async () => {
    const b = await guarded();
    expect(b.attached).toEqual(["sw-1"]);
    expect(b.sent).toEqual([
      expect.objectContaining({ sessionId: "session-sw-1", method: "Fetch.enable" }),
    ]);
  });

  it("fails a keys/check to a private address the page named in data-api, and reports it", async () => {
    const b = await guarded();
    const url = "http://intranet.example/api/v1/keys/check?key=pk_live_x";
    b.pause("session-sw-1", "r1", url);
    // A public API redirecting to loopback: Chromium pauses the hop like a request.
    b.pause("session-sw-1", "r2", "https://api.example/api/v1/keys/check?key=pk_live_x");
    b.pause("session-sw-1", "r3", "http://127.0.0.1:8080/admin");
    await b.settle();
    // Verdicts settle in any order; each paused request gets exactly one answer.
    const byRequest = (x: (typeof b.sent)[number]) => String(x.params.requestId);
    expect(b.sent.slice(1).sort((x, y) => byRequest(x).localeCompare(byRequest(y)))).toEqual([
      {
        sessionId: "session-sw-1",
        method: "Fetch.failRequest",
        params: { requestId: "r1", errorReason: "AddressUnreachable" },
      },
      { sessionId: "session-sw-1", method: "Fetch.continueRequest", params: { requestId: "r2" } },
      {
        sessionId: "session-sw-1",
        method: "Fetch.failRequest",
        params: { requestId: "r3", errorReason: "AddressUnreachable" },
      },
    ]);
    expect(b.refused.sort()).toEqual(["http://127.0.0.1:8080/admin", url]);
  });

  it("follows everything when no visit is guarded (--allow-private)", async () => {
    const b = await guarded({ guarded: false });
    b.pause("session-sw-1", "r1", "http://10.0.0.5/api/v1/keys/check?key=pk_live_x");
    await b.settle();
    expect(b.sent.at(-1)).toMatchObject({ method: "Fetch.continueRequest" });
    expect(b.refused).toEqual([]);
  });

  it("guards a worker Chromium starts again later", async () => {
    const b = await guarded({ targets: [] });
    b.emit("Target.targetCreated", { targetInfo: { ...WORKER, targetId: "sw-2" } });
    await b.settle();
    expect(b.attached).toEqual(["sw-2"]);
    b.pause("session-sw-2", "r1", "http://localhost:3000/api/v1/keys/check?key=pk_live_x");
    await b.settle();
    expect(b.sent.at(-1)).toMatchObject({ sessionId: "session-sw-2", method: "Fetch.failRequest" });
  });
});

describe("Chromium's sandbox", () => {
  it("stays on unless the doctor runs as root", () => {
    expect(chromiumArgs(false)).not.toContain("--no-sandbox");
    expect(chromiumArgs(true)).toContain("--no-sandbox");
  });
});

describe("building the extension on first use", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const output = () => {
    const dir = mkdtempSync(join(tmpdir(), "selgeo-ext-"));
    dirs.push(dir);
    return join(dir, "chrome-mv3");
  };
  const writeManifest = (dir: string) => async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "manifest.json"), '{"name":"Selgeo","version":"1.0.0"}');
  };

  it("builds a missing default build, saying so on a progress line", async () => {
    const dir = output();
    const lines: string[] = [];
    const built = await ensureExtensionBuilt(dir, {
      isDefault: true,
      build: writeManifest(dir),
      progress: (line) => lines.push(line),
    });
    expect(built).toBe(true);
    expect(existsSync(join(dir, "manifest.json"))).toBe(true);
    expect(lines[0]).toMatch(/^Building the Selgeo extension/);
    expect(lines[1]).toMatch(/^Built the extension in \d+ s\.$/);
  });

  it("leaves an existing build and a --extension directory alone", async () => {
    const dir = output();
    await writeManifest(dir)();
    let calls = 0;
    const build = async () => {
      calls += 1;
    };
    expect(await ensureExtensionBuilt(dir, { isDefault: true, build, progress: () => {} })).toBe(
      false,
    );
    expect(
      await ensureExtensionBuilt(output(), { isDefault: false, build, progress: () => {} }),
    ).toBe(false);
    expect(calls).toBe(0);
  });
});
