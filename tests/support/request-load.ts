// Steady traffic against a server while a test breaks something under it: a few workers send
// clicks (each from a new visitor), conversions and list reads in turn, and every answer is kept
// with how long it took, for the test to judge once the load stops.
import { BROWSER_USER_AGENT } from "./harness";

/** How requests reach the server: a path and fetch's init, to a process's URL or a harness. */
export type Caller = (path: string, init: RequestInit) => Promise<Response>;

/** A Caller for a server at `url`. */
export const callerFor =
  (url: string): Caller =>
  (path, init) =>
    fetch(`${url}${path}`, init);

export type RequestKind = "click" | "conversion" | "list";

export interface Answer {
  kind: RequestKind;
  status: number;
  ms: number;
  /** The parsed body; for a request that got no answer, the error's message. */
  body: any;
  /** performance.now() when it was sent. */
  sentAt: number;
}

export interface Keys {
  pk: string;
  sk: string;
}

/** Longer than any answer may take (10 s), so a hung request is seen, not waited for. */
const GIVE_UP_MS = 15_000;

/** The page clicks come from, for a merchant that restricts its origins. */
export const SHOP_ORIGIN = "https://shop.example";

let sequence = 0;

function request(keys: Keys, kind: RequestKind): [string, RequestInit] {
  sequence++;
  if (kind === "click") {
    return [
      "/api/v1/clicks",
      {
        method: "POST",
        headers: {
          "Content-Type": "text/plain",
          "User-Agent": BROWSER_USER_AGENT,
          Origin: SHOP_ORIGIN,
          "X-Forwarded-For": `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`,
        },
        body: JSON.stringify({ key: keys.pk, ref: "demo" }),
      },
    ];
  }
  if (kind === "conversion") {
    return [
      "/api/v1/conversions",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.sk}` },
        body: JSON.stringify({
          event_type: "purchase",
          external_transaction_id: `txn_fault_${process.pid}_${Date.now()}_${sequence}`,
          amount_cents: 4900,
          currency: "EUR",
        }),
      },
    ];
  }
  return ["/api/v1/conversions?limit=5", { headers: { Authorization: `Bearer ${keys.sk}` } }];
}

export async function send(call: Caller, keys: Keys, kind: RequestKind): Promise<Answer> {
  const [path, init] = request(keys, kind);
  const sentAt = performance.now();
  try {
    const response = await call(path, { ...init, signal: AbortSignal.timeout(GIVE_UP_MS) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { kind, status: response.status, ms: performance.now() - sentAt, body, sentAt };
  } catch (error) {
    return {
      kind,
      status: 0,
      ms: performance.now() - sentAt,
      body: (error as Error).message,
      sentAt,
    };
  }
}

export interface Load {
  /** Every answer so far. */
  readonly answers: Answer[];
  /** Stops sending and waits for the answers of what is in flight. */
  stop(): Promise<Answer[]>;
}

export interface LoadOptions {
  workers?: number;
  kinds?: RequestKind[];
  pauseMs?: number;
}

export function startLoad(call: Caller, keys: Keys, options: LoadOptions = {}): Load {
  const kinds = options.kinds ?? ["click", "conversion", "list"];
  const answers: Answer[] = [];
  let running = true;
  const worker = async (index: number) => {
    let turn = index;
    while (running) {
      answers.push(await send(call, keys, kinds[turn++ % kinds.length] as RequestKind));
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 10));
    }
  };
  const workers = Array.from({ length: options.workers ?? 6 }, (_, i) => worker(i));
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(workers);
      return answers;
    },
  };
}

/** The answers a fault may give: success, or 503 UNAVAILABLE in the envelope, within 10 s. */
export function unexpectedAnswers(answers: Answer[]): Answer[] {
  return answers.filter((answer) => {
    if (answer.ms >= 10_000) return true;
    if (answer.status === 200 || answer.status === 201) return false;
    return !(answer.status === 503 && answer.body?.error?.code === "UNAVAILABLE");
  });
}
