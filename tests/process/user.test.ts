// `selgeo user create|list|delete` as people run them: the password from a prompt on a terminal
// (never echoed) or from stdin, never from an argument; and a deleted user can no longer sign in.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SELGEO_BIN, startServerProcess } from "../support/server-process";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "selgeo-user-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}`, LOG_LEVEL: "silent" };
const PASSWORD = "a passphrase long enough";

/** Runs selgeo with `input` on stdin (or inside a terminal, through script(1), for prompts). */
function selgeo(args: string[], options: { input?: string; terminal?: string[] } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = options.terminal
      ? spawn(
          "script",
          [
            "-qec",
            [process.execPath, SELGEO_BIN, ...args].map((a) => `'${a}'`).join(" "),
            "/dev/null",
          ],
          { env },
        )
      : spawn(process.execPath, [SELGEO_BIN, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    if (options.terminal) {
      // Typed as a person types: each answer once its prompt is on the screen (a terminal
      // switched to no-echo may drop what was typed before).
      const answers = [...options.terminal];
      let answered = 0;
      child.stdout.on("data", () => {
        const prompts = (stdout.match(/(Password|Again): /g) ?? []).length;
        while (answered < prompts && answers.length > 0) {
          child.stdin.write(`${answers.shift()}\r`);
          answered++;
        }
      });
    } else {
      child.stdin.end(options.input ?? "");
    }
  });
}

let merchantId: string;

beforeAll(async () => {
  const { stdout } = await run(
    process.execPath,
    [SELGEO_BIN, "merchant", "create", "--name", "Users Co", "--json"],
    { env },
  );
  merchantId = JSON.parse(stdout).merchant_id;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("selgeo user", () => {
  // Each command is a process that loads the TypeScript sources: seconds each on a busy machine.
  it("every command has --help", { timeout: 120_000 }, async () => {
    for (const args of [["user"], ["user", "create"], ["user", "list"], ["user", "delete"]]) {
      const res = await selgeo([...args, "--help"]);
      expect(res.code, args.join(" ")).toBe(0);
      expect(res.stdout).toMatch(/^Usage: selgeo user/);
    }
    const create = await selgeo(["user", "create", "--help"]);
    expect(create.stdout).toContain("--password-stdin");
    expect(create.stdout).not.toMatch(/--password\b(?!-stdin)/);
  });

  it("creates a user with the password from stdin and lists it", { timeout: 60_000 }, async () => {
    const res = await selgeo(
      [
        "user",
        "create",
        "--merchant",
        merchantId,
        "--email",
        "Ana@Shop.example",
        "--password-stdin",
        "--json",
      ],
      {
        input: `${PASSWORD}\n`,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      merchant_id: merchantId,
      email: "ana@shop.example",
    });
    const list = await selgeo(["user", "list", "--merchant", merchantId, "--json"]);
    expect(JSON.parse(list.stdout).map((u: any) => u.email)).toEqual(["ana@shop.example"]);
  });

  it("asks for the password twice on a terminal and never shows it", {
    timeout: 60_000,
  }, async () => {
    const res = await selgeo(
      ["user", "create", "--merchant", merchantId, "--email", "tty@shop.example"],
      {
        terminal: [PASSWORD, PASSWORD],
      },
    );
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain("Password:");
    expect(res.stdout).toContain("Created tty@shop.example");
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
  });

  it("refuses without a terminal or stdin, a short password, an unknown merchant, a taken address", {
    timeout: 120_000,
  }, async () => {
    const noTerminal = await selgeo([
      "user",
      "create",
      "--merchant",
      merchantId,
      "--email",
      "x@shop.example",
    ]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain("--password-stdin");
    const short = await selgeo(
      ["user", "create", "--merchant", merchantId, "--email", "x@shop.example", "--password-stdin"],
      { input: "short\n" },
    );
    expect(short.stderr).toContain("at least 12 characters");
    const unknown = await selgeo(
      [
        "user",
        "create",
        "--merchant",
        "mer_nobody",
        "--email",
        "x@shop.example",
        "--password-stdin",
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(unknown.stderr).toContain("No merchant mer_nobody");
    const taken = await selgeo(
      [
        "user",
        "create",
        "--merchant",
        merchantId,
        "--email",
        "ANA@shop.example",
        "--password-stdin",
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("exists already");
  });

  it("a deleted user can no longer sign in, and their session ends", {
    timeout: 120_000,
  }, async () => {
    await selgeo(
      [
        "user",
        "create",
        "--merchant",
        merchantId,
        "--email",
        "leaver@shop.example",
        "--password-stdin",
      ],
      { input: `${PASSWORD}\n` },
    );
    const server = await startServerProcess({ dir, env: { DATABASE_URL: env.DATABASE_URL } });
    try {
      const signIn = () =>
        fetch(`${server.url}/api/v1/session`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Forwarded-For": "192.0.2.50" },
          body: JSON.stringify({ email: "leaver@shop.example", password: PASSWORD }),
        });
      const first = await signIn();
      expect(first.status).toBe(200);
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
      const deleted = await selgeo(["user", "delete", "--email", "leaver@shop.example"]);
      expect(deleted.code).toBe(0);
      expect((await signIn()).status).toBe(401);
      const me = await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: cookie } });
      expect(me.status).toBe(401);
      expect((await selgeo(["user", "delete", "--email", "leaver@shop.example"])).code).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
