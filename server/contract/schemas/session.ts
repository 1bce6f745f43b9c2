// The dashboard's sign-in: the session it opens travels in an HttpOnly cookie; the CSRF token
// that every change made with it must carry is given here, readable by the dashboard only.
import { z } from "@hono/zod-openapi";
import { isoTimeSchema } from "./common";

export const signInBodySchema = z
  .strictObject({
    email: z.string().max(254, "must be at most 254 characters").openapi({
      example: "owner@shop.example",
    }),
    password: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters"),
  })
  .openapi("SignIn");

export const sessionSchema = z
  .object({
    object: z.literal("session"),
    user: z.object({ id: z.string(), email: z.string() }),
    merchant: z.object({ id: z.string(), name: z.string() }),
    csrf_token: z.string().openapi({
      description:
        "Send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE of this session.",
    }),
    expires_at: isoTimeSchema.openapi({
      description:
        "When the session ends unless it is used before (it also ends 7 days after sign-in).",
    }),
  })
  .openapi("Session");

export const signedOutSchema = z.object({ signed_out: z.literal(true) }).openapi("SignedOut");

export type SessionObject = z.infer<typeof sessionSchema>;
