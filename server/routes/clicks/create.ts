// POST /api/v1/clicks as a Hono route: its OpenAPI description, and the answer for requests
// Hono receives (in-process ones, and any server built without the click listener). The
// service's own server answers it ahead of Hono (http/click-listener.ts); answerClick
// (http/click-answer.ts) does the work for both.
import { createRoute } from "@hono/zod-openapi";
import { clickCreatedSchema, createClickBodySchema } from "../../contract/schemas/clicks";
import { errorResponses, publishableSecurity } from "../../contract/schemas/common";
import { readBodyText } from "../../http/body";
import { answerClick } from "../../http/click-answer";
import { CLICK_PATH } from "../../http/click-listener";
import { requestHeader, socketAddress } from "../../http/request-headers";
import { setResponseHeader } from "../../http/response-headers";
import { type App, mount } from "../../http/route";

export const route = createRoute({
  method: "post",
  operationId: "createClick",
  path: CLICK_PATH,
  tags: ["Tracking"],
  summary: "Record a click (called by the snippet)",
  description:
    "Send the body as `text/plain` JSON (no CORS preflight) or `application/json`. The same visitor with the same key and ref within an hour gets the same click back (200). Known bots and link previews are answered with `click_id: null` and not counted. Rate limit: 1,000 requests per minute per publishable key, and 60 per visitor address (`RATE_LIMIT_PER_VISITOR`); requests from origins outside `allowed_origins` are counted in a budget of their own, so they never spend the key's (`details.budget` of a 429 says which was spent).",
  security: publishableSecurity,
  request: {
    body: {
      content: {
        "text/plain": { schema: createClickBodySchema },
        "application/json": { schema: createClickBodySchema },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Click recorded",
      content: { "application/json": { schema: clickCreatedSchema } },
    },
    200: {
      description: "Existing click returned, or a bot answered",
      content: { "application/json": { schema: clickCreatedSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

export function registerCreateClick(app: App): void {
  mount(app, route, async (c) => {
    const answer = await answerClick(
      c.get("services"),
      {
        body: await readBodyText(c),
        authorization: requestHeader(c, "authorization"),
        origin: requestHeader(c, "origin"),
        userAgent: requestHeader(c, "user-agent"),
        forwardedFor: requestHeader(c, "x-forwarded-for"),
        socketAddress: socketAddress(c),
      },
      (name, value) => setResponseHeader(c, name, value),
    );
    return c.json(answer.body, answer.status);
  });
}
