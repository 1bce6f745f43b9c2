// A service Selgeo depends on (PostgreSQL, Redis) could not be reached when it was opened. The
// message names the service and where it was looked for, never a password, so `selgeo serve`
// can print it as the reason it cannot start.

export type Dependency = "PostgreSQL" | "Redis";

/** host:port of a URL, without user or password. */
function whereOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return "the configured address";
  }
}

export class UnreachableError extends Error {
  override name = "UnreachableError";
  readonly dependency: Dependency;

  constructor(dependency: Dependency, url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const variable = dependency === "PostgreSQL" ? "DATABASE_URL" : "REDIS_URL";
    super(
      `${dependency} at ${whereOf(url)} cannot be reached (${reason || "no answer"}). Check ${variable} and that ${dependency} is running.`,
      { cause },
    );
    this.dependency = dependency;
  }
}
