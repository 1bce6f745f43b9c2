// The storage engines a test runs on, each with whether it can run here (PostgreSQL is required
// in CI; elsewhere its runs skip, saying so).
import type { Dialect } from "./harness";
import { postgresAvailable } from "./services-available";

export interface DialectUnderTest {
  dialect: Dialect;
  available: boolean;
}

export async function dialectsUnderTest(): Promise<DialectUnderTest[]> {
  return [
    { dialect: "sqlite", available: true },
    { dialect: "postgres", available: await postgresAvailable() },
  ];
}
