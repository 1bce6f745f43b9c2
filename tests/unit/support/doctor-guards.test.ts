import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureExtensionBuilt } from "../../../server/support/doctor/extension-build";
import { isPrivateAddress, isPrivateHost } from "../../../server/support/doctor/private-guard";
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
