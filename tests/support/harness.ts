// The test harness: a real app over real storage (a temporary SQLite file, or a PostgreSQL
// schema of its own), seeded with a merchant, a program and an approved partner `demo`, and
// typed helpers to call it in-process or, through the server `selgeo serve` runs, over a socket.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { createApp } from "../../server/app";
import { ManualClock } from "../../server/lib/clock";
import { randomBase62 } from "../../server/lib/ids";
import { type CreatedMerchant, createMerchant } from "../../server/merchants/create";
import { insertPartner, type PartnerInput } from "../../server/partners/repository";
import { insertProgram, type ProgramInput } from "../../server/programs/repository";
import { createServices, type Services } from "../../server/services";
import type { Partner, Program } from "../../server/store/schema";
import { merchantScoped } from "../../server/store/tenant";
import { type Listening, listen } from "./http-server";

export type Dialect = "sqlite" | "postgres";

/** A visitor's browser; fetch's own user agent ("node") is a bot to the click endpoint. */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";

/**
 * How calls reach the app: Hono's app.request, or HTTP to the service's own server, where
 * clicks are answered ahead of Hono (server/http/click-listener.ts). Click tests run over both.
 */
export type Transport = "in-process" | "socket";
export const TRANSPORTS: ReadonlyArray<{ transport: Transport }> = [
  { transport: "in-process" },
  { transport: "socket" },
];

export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/**
 * Every PostgreSQL schema a test makes starts so; the run's teardown drops them all. The run's
 * own id (set by tests/support/global-setup.ts before any worker starts) keeps two runs on one
 * PostgreSQL — two worktrees, CI beside a developer — from dropping each other's schemas.
 */
export const TEST_SCHEMA_PREFIX = `selgeo_test_${process.env.SELGEO_TEST_RUN ?? "adhoc"}_`;
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface HarnessOptions {
  dialect?: Dialect;
  clock?: ManualClock;
  rateLimitPerMinute?: number;
  rateLimitWindowSeconds?: number;
  redisUrl?: string;
  rateLimitPrefix?: string;
  /** Clicks per visitor address and key per window; no cap of its own when absent. */
  rateLimitPerVisitor?: number;
  /** Share another harness's database (two "processes" over one store). */
  databaseUrl?: string;
  pgSchema?: string;
  trustProxy?: boolean;
  publicUrl?: string;
  program?: ProgramInput;
  transport?: Transport;
  /** Where the services log; silent unless a test reads the log. */
  logger?: Logger;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * The test clock stands still, so every sale a test makes comes 0 s after its click: the
 * "conversion seconds after the click" signal (docs/fraud.md) would hold them all. Programs the
 * harness makes turn it off unless a test sets it (tests/integration/fraud/ does). Its clicks all
 * come from one address unless a test names another, and browser tests drive the snippet with
 * Playwright (whose browser reports `navigator.webdriver`): the network and automated-browser
 * signals are off too.
 */
const TEST_CLOCK_FRAUD_RULES = {
  click_seconds: 0,
  network_clicks: 0,
  automated_seconds: 0,
} as const;

export class Harness {
  readonly app: ReturnType<typeof createApp>;
  readonly services: Services;
  readonly clock: ManualClock;
  readonly merchant: CreatedMerchant;
  readonly program: Program;
  readonly partner: Partner;
  readonly databaseUrl: string;
  readonly pgSchema: string | undefined;
  readonly #cleanup: () => void;
  /** The server calls go to, for the socket transport. */
  #server: Listening | undefined;

  private constructor(fields: {
    services: Services;
    clock: ManualClock;
    merchant: CreatedMerchant;
    program: Program;
    partner: Partner;
    databaseUrl: string;
    pgSchema: string | undefined;
    cleanup: () => void;
  }) {
    this.services = fields.services;
    this.app = createApp(fields.services);
    this.clock = fields.clock;
    this.merchant = fields.merchant;
    this.program = fields.program;
    this.partner = fields.partner;
    this.databaseUrl = fields.databaseUrl;
    this.pgSchema = fields.pgSchema;
    this.#cleanup = fields.cleanup;
  }

  static async init(options: HarnessOptions = {}): Promise<Harness> {
    const clock = options.clock ?? new ManualClock();
    let databaseUrl = options.databaseUrl;
    let pgSchema = options.pgSchema;
    let cleanup = () => {};
    if (!databaseUrl) {
      if (options.dialect === "postgres") {
        databaseUrl = POSTGRES_URL;
        pgSchema = `${TEST_SCHEMA_PREFIX}${randomBase62(12).toLowerCase()}`;
      } else {
        const dir = mkdtempSync(join(tmpdir(), "selgeo-test-"));
        databaseUrl = `file:${join(dir, "selgeo.db")}`;
        cleanup = () => rmSync(dir, { recursive: true, force: true });
      }
    }
    const services = await createServices({
      databaseUrl,
      ...(pgSchema ? { storeOptions: { schema: pgSchema } } : {}),
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
      ...(options.rateLimitWindowSeconds
        ? { rateLimitWindowSeconds: options.rateLimitWindowSeconds }
        : {}),
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      ...(options.rateLimitPrefix ? { rateLimitPrefix: options.rateLimitPrefix } : {}),
      ...(options.rateLimitPerVisitor ? { rateLimitPerVisitor: options.rateLimitPerVisitor } : {}),
      clock,
      logger: options.logger ?? pino({ level: "silent" }),
      trustProxy: options.trustProxy ?? true,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
    const merchant = await createMerchant(services.store.db, clock, "Acme Test Shop");
    const tenant = merchantScoped(services.store.db, merchant.merchant_id);
    const program = await insertProgram(tenant, clock, {
      name: "Default program",
      ...options.program,
      fraud: { ...TEST_CLOCK_FRAUD_RULES, ...options.program?.fraud },
    });
    const partner = await insertPartner(tenant, clock, {
      name: "Demo Partner",
      email: "partner@example.com",
      program_id: program.id,
      ref: "demo",
      status: "approved",
    });
    const harness = new Harness({
      services,
      clock,
      merchant,
      program,
      partner,
      databaseUrl,
      pgSchema,
      cleanup,
    });
    if (options.transport === "socket") {
      harness.#server = await listen(harness.app, { services });
    }
    return harness;
  }

  /** Another merchant in the same store, for isolation tests. */
  async otherMerchant(name = "Other Shop"): Promise<CreatedMerchant> {
    return createMerchant(this.services.store.db, this.clock, name);
  }

  async createProgram(input: Partial<ProgramInput> = {}): Promise<Program> {
    return insertProgram(this.#tenant(), this.clock, {
      name: "Program",
      ...input,
      fraud: { ...TEST_CLOCK_FRAUD_RULES, ...input.fraud },
    });
  }

  async createPartner(input: Partial<PartnerInput> = {}): Promise<Partner> {
    return insertPartner(this.#tenant(), this.clock, {
      name: "Partner",
      program_id: this.program.id,
      status: "approved",
      ...input,
    });
  }

  #tenant() {
    return merchantScoped(this.services.store.db, this.merchant.merchant_id);
  }

  async call<T = any>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.Authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    const response = await this.fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** The server's base URL with the socket transport (browsers need one); undefined in process. */
  get url(): string | undefined {
    return this.#server?.url;
  }

  /** A request as it is, through the harness's transport. */
  fetch(path: string, init: RequestInit): Promise<Response> {
    return this.#server
      ? fetch(`${this.#server.url}${path}`, init)
      : Promise.resolve(this.app.request(path, init));
  }

  get<T = any>(path: string, options?: CallOptions) {
    return this.call<T>("GET", path, options);
  }
  post<T = any>(path: string, options?: CallOptions) {
    return this.call<T>("POST", path, options);
  }
  patch<T = any>(path: string, options?: CallOptions) {
    return this.call<T>("PATCH", path, options);
  }
  put<T = any>(path: string, options?: CallOptions) {
    return this.call<T>("PUT", path, options);
  }

  /** A click as the snippet sends it, from a given visitor address. */
  click(
    ref = "demo",
    options: {
      key?: string;
      ip?: string;
      userAgent?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    return this.post("/api/v1/clicks", {
      rawBody: JSON.stringify({
        key: options.key ?? this.merchant.keys.pk_test,
        ref,
        url: `https://shop.example/?ref=${ref}`,
      }),
      headers: {
        "Content-Type": "text/plain;charset=UTF-8",
        "X-Forwarded-For": options.ip ?? "203.0.113.7",
        "User-Agent": options.userAgent ?? BROWSER_USER_AGENT,
        ...options.headers,
      },
    });
  }

  /**
   * A PostgreSQL schema is left for the run's teardown (tests/support/global-setup.ts) to drop:
   * dropping it here raced other files' migrations, whose catalog scan (Kysely's introspector)
   * fails on a schema dropped under it.
   */
  async close(): Promise<void> {
    await this.#server?.close();
    await this.services.close();
    this.#cleanup();
  }
}

export const createHarness = (options?: HarnessOptions) => Harness.init(options);
