// Who is asking, by network address: the click's visitor, the dashboard's sign-in attempts.

/**
 * The client's address: X-Forwarded-For's first hop behind a trusted proxy, else the socket's
 * ("unknown" for an in-process request, which has none).
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress ?? "unknown";
}
