// The snippet's one rule: nothing it does may throw into the merchant's page.

/** Runs `work`; any exception (privacy settings, a sandboxed frame, a torn-down DOM) is dropped. */
export function attempt<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
