// Where `selgeo doctor --merchant` gets its report: the service's database (every merchant, any
// mode, like `selgeo audit`), or the API with the merchant's secret key (its mode).
import type { Kysely } from "kysely";
import type { Mode } from "../../contract/key-format";
import { type IntegrationHealth, integrationHealthSchema } from "../../contract/schemas/health";
import { healthPeriod } from "../../health/period";
import { integrationHealth } from "../../health/report";
import type { Database } from "../../store/schema";

export class HealthSourceError extends Error {}

export async function healthFromDatabase(
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
  now: Date,
  since: string | undefined,
): Promise<IntegrationHealth> {
  const period = healthPeriod(now, since, undefined);
  if (typeof period === "string") throw new HealthSourceError(period);
  return integrationHealth(db, merchantId, mode, period);
}

export async function healthFromApi(
  baseUrl: string,
  secretKey: string,
  since: string | undefined,
): Promise<IntegrationHealth> {
  const url = new URL("/api/v1/integration/health", baseUrl);
  if (since) url.searchParams.set("created[gte]", since);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${secretKey}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new HealthSourceError(`Cannot reach ${url.origin}: ${(error as Error).message}.`);
  }
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok) {
    throw new HealthSourceError(
      `${url.origin} answered ${response.status}${body?.error ? ` ${body.error.code}: ${body.error.message}` : ""}.`,
    );
  }
  const parsed = integrationHealthSchema.safeParse(body);
  if (!parsed.success) {
    throw new HealthSourceError(`${url.origin} did not answer with an integration health report.`);
  }
  return parsed.data;
}
