import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { SELGEO_BIN, startServerProcess } from "../support/server-process";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "selgeo-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}`, LOG_LEVEL: "silent" };

async function selgeo(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [SELGEO_BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("selgeo CLI", () => {
  it("creates a merchant and prints exactly the contract's JSON", async () => {
    const res = await selgeo("merchant", "create", "--name", "Acme", "--json");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out).sort()).toEqual(["keys", "merchant_id"]);
    expect(out.merchant_id).toMatch(/^mer_/);
    expect(out.keys.pk_test).toMatch(/^pk_test_[A-Za-z0-9]{24,}$/);
    expect(out.keys.sk_test).toMatch(/^sk_test_[A-Za-z0-9]{24,}$/);
    expect(out.keys.pk_live).toMatch(/^pk_live_[A-Za-z0-9]{24,}$/);
    expect(out.keys.sk_live).toMatch(/^sk_live_[A-Za-z0-9]{24,}$/);
  });

  it("refuses a merchant without a name, with help", async () => {
    const res = await selgeo("merchant", "create");
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--name/);
  });

  it("rotates and revokes keys, and the server honours both", { timeout: 120_000 }, async () => {
    const created = JSON.parse(
      (await selgeo("merchant", "create", "--name", "Rotate Co", "--json")).stdout,
    );
    const rotated = await selgeo("keys", "rotate", created.merchant_id, "sk_test", "--json");
    expect(rotated.code).toBe(0);
    const { key: newKey, revoked } = JSON.parse(rotated.stdout);
    expect(revoked).toBe(1);
    expect(newKey).toMatch(/^sk_test_/);

    const revokedLive = await selgeo("keys", "revoke", created.keys.sk_live);
    expect(revokedLive.code).toBe(0);
    expect(revokedLive.stdout).toContain("sk_live_…");
    expect((await selgeo("keys", "revoke", created.keys.sk_live)).code).toBe(1);

    const server = await startServerProcess({ dir, env: { DATABASE_URL: env.DATABASE_URL } });
    try {
      const call = (key: string) =>
        fetch(`${server.url}/api/v1/conversions`, { headers: { Authorization: `Bearer ${key}` } });
      expect((await call(created.keys.sk_test)).status).toBe(401);
      expect((await call(created.keys.sk_live)).status).toBe(401);
      expect((await call(newKey)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  // Every command, each process started at once: on a busy machine a node start-up with the
  // TypeScript loader takes seconds, and ten of them one after another outlast any sane timeout.
  it("has --help for every command", { timeout: 180_000 }, async () => {
    const commands = [
      [],
      ["serve"],
      ["migrate"],
      ["merchant", "create"],
      ["keys", "rotate"],
      ["keys", "revoke"],
      ["user", "create"],
      ["user", "list"],
      ["user", "delete"],
      ["doctor"],
      ["bundle"],
      ["audit"],
      ["openapi"],
    ];
    const results = await Promise.all(commands.map((command) => selgeo(...command, "--help")));
    results.forEach((res, i) => {
      const command = commands[i]?.join(" ") ?? "";
      expect(res.code, command).toBe(0);
      expect(res.stdout, command).toMatch(new RegExp(`Usage: selgeo ${command}`.trim()));
    });
  });

  it("migrates an empty database and says so", async () => {
    const res = await run(process.execPath, [SELGEO_BIN, "migrate"], {
      env: { ...env, DATABASE_URL: `file:${join(dir, "fresh.db")}` },
    });
    expect(res.stdout).toMatch(/applied 0001_initial/);
    expect(res.stdout).toMatch(/up to date/);
  });
});

describe("selgeo serve (what npm start runs)", () => {
  it("prepares the demo merchant once and prints the keys and the URLs to open", {
    timeout: 150_000,
  }, async () => {
    const first = await startServerProcess();
    try {
      expect(first.output()).toContain(`${first.url}/demo?ref=demo`);
      expect(first.output()).toContain(first.demo.keys.sk_test);
      const health = await fetch(`${first.url}/readyz`);
      expect(health.status).toBe(200);
    } finally {
      expect(await first.stop("SIGTERM")).toBe(0);
    }
    // A restart reuses the same demo merchant and keys.
    const second = await startServerProcess({ dir: first.dir });
    try {
      expect(second.demo).toEqual(first.demo);
      expect(second.output()).toContain(first.demo.keys.pk_test);
    } finally {
      await second.stop();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });

  it("refuses bad configuration with a sentence, not a stack trace", async () => {
    const res = await run(process.execPath, [SELGEO_BIN, "serve"], {
      env: { ...env, PORT: "eighty" },
    }).catch((error) => error as { code: number; stderr: string });
    expect((res as { code: number }).code).toBe(2);
    expect((res as { stderr: string }).stderr).toMatch(/PORT/);
  });
});
