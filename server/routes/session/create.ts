import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses } from "../../contract/schemas/common";
import { sessionSchema, signInBodySchema } from "../../contract/schemas/session";
import { readJson } from "../../http/body";
import { clientAddress } from "../../http/client-address";
import { requestHeader, socketAddress } from "../../http/request-headers";
import { type App, mount } from "../../http/route";
import { readSessionCookie, writeSessionCookie } from "../../http/session-cookie";
import { findMerchant } from "../../merchants/find";
import { presentSession } from "../../sessions/present";
import { endSessionOfToken, startSession } from "../../sessions/repository";
import { decoyHash, verifyPassword } from "../../users/password";
import { findUserByEmail, normaliseEmail } from "../../users/repository";

export const route = createRoute({
  method: "post",
  operationId: "signIn",
  path: "/api/v1/session",
  tags: ["Dashboard session"],
  summary: "Sign in to the dashboard",
  description:
    "Checks a merchant user's e-mail and password (users are made with `selgeo user create`) and opens a session: an HttpOnly, SameSite=Lax cookie (Secure over https). Attempts are limited per account (10 per 15 minutes) and per address (50 per 15 minutes); past that the answer is 429 with Retry-After.",
  request: {
    body: { content: { "application/json": { schema: signInBodySchema } }, required: true },
  },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: sessionSchema } } },
    ...errorResponses(400, 401, 413, 429, 503),
  },
});

export function registerSignIn(app: App): void {
  mount(app, route, async (c) => {
    const body = await readJson(c, signInBodySchema);
    const services = c.get("services");
    const { store, clock, signInLimits } = services;
    const email = normaliseEmail(body.email);
    const address = clientAddress(
      requestHeader(c, "x-forwarded-for"),
      socketAddress(c),
      services.trustProxy,
    );
    const allowance = await signInLimits.attempt(email, address);
    if (!allowance.allowed) {
      throw new ApiError(
        "RATE_LIMITED",
        `Too many sign-in attempts. Try again in ${Math.ceil(allowance.retryAfterSeconds / 60)} minute(s).`,
        {
          headers: { "Retry-After": String(allowance.retryAfterSeconds) },
          details: { retry_after: allowance.retryAfterSeconds },
        },
      );
    }
    const user = await findUserByEmail(store.db, email);
    // An unknown e-mail costs a hash check too, so timing does not tell which accounts exist.
    const matches = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()));
    if (!user || !matches) {
      throw new ApiError("INVALID_CREDENTIALS", "The e-mail address or the password is wrong.");
    }
    await signInLimits.succeeded(email, address);
    const previous = readSessionCookie(c);
    if (previous !== undefined) await endSessionOfToken(store.db, clock, previous);
    const { session, token } = await startSession(store.db, clock, user, {
      ip: address,
      userAgent: requestHeader(c, "user-agent") ?? null,
    });
    writeSessionCookie(c, token);
    const merchant = await findMerchant(store.db, user.merchant_id);
    if (!merchant) throw new Error(`user ${user.id} belongs to no merchant`);
    return c.json(presentSession({ session, user, merchant }), 200);
  });
}
