import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import {
  assignPromotionCodeBodySchema,
  promotionCodeListSchema,
  promotionCodeSchema,
} from "../../contract/schemas/promotion-codes";
import { requireSecretKey } from "../../http/auth";
import { readJson, validate } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { toIso } from "../../lib/clock";
import {
  assignPromotionCode,
  findPromotionCode,
  type PartnerPromotionCode,
  promotionCodesOf,
  removePromotionCode,
} from "../../partners/promotion-codes";
import { findPartner } from "../../partners/repository";
import { isUniqueViolation } from "../../store/errors";
import { partnerNotFound } from "./errors";

const params = idParams("prt");

const present = (row: PartnerPromotionCode) => ({
  object: "promotion_code" as const,
  promotion_code: row.promotion_code_id,
  code: row.code,
  partner_id: row.partner_id,
  created_at: row.created_at,
});

export const assignRoute = createRoute({
  method: "post",
  operationId: "createPartnerPromotionCode",
  path: "/api/v1/partners/{id}/promotion-codes",
  tags: ["Partners"],
  summary: "Give a partner a Stripe promotion code",
  description:
    "A Checkout Session that used the code is attributed to the partner even without a click id (reason `ATTRIBUTED_PROMO_CODE`); when its click names another partner, the partner's program's `promo_code_precedence` decides. A code has one owner: one owned by another partner is refused (400 VALIDATION_ERROR).",
  security: secretSecurity,
  request: {
    params,
    body: {
      content: { "application/json": { schema: assignPromotionCodeBodySchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Assigned",
      content: { "application/json": { schema: promotionCodeSchema } },
    },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

export const listRoute = createRoute({
  method: "get",
  operationId: "listPartnerPromotionCodes",
  path: "/api/v1/partners/{id}/promotion-codes",
  tags: ["Partners"],
  summary: "A partner's promotion codes",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "The codes",
      content: { "application/json": { schema: promotionCodeListSchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

const codeParams = params.extend({
  promotion_code: z.string().openapi({
    param: { name: "promotion_code", in: "path" },
    example: "promo_1QxYzAbCdEfGhIjK",
  }),
});

export const removeRoute = createRoute({
  method: "delete",
  operationId: "deletePartnerPromotionCode",
  path: "/api/v1/partners/{id}/promotion-codes/{promotion_code}",
  tags: ["Partners"],
  summary: "Take a promotion code from a partner",
  description:
    "Checkouts that use the code from now on credit nobody through it (a click id still counts); conversions already credited stay as they are. The code may then be given to another partner. 404 when the partner does not own it.",
  security: secretSecurity,
  request: { params: codeParams },
  responses: {
    200: {
      description: "Removed",
      content: {
        "application/json": {
          schema: z.object({
            object: z.literal("promotion_code"),
            promotion_code: z.string(),
            partner_id: z.string(),
            deleted: z.literal(true),
          }),
        },
      },
    },
    ...errorResponses(401, 404, 503),
  },
});

function codeTaken(code: string, ownerId: string): ApiError {
  return new ApiError(
    "VALIDATION_ERROR",
    `Promotion code ${code} already belongs to partner ${ownerId}; a code credits one partner.`,
    {
      details: { fields: { promotion_code: `already belongs to ${ownerId}` }, partner_id: ownerId },
    },
  );
}

export function registerPromotionCodes(app: App): void {
  mount(app, assignRoute, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const body = await readJson(c, assignPromotionCodeBodySchema);
    const tenant = merchantTenant(c);
    if (!(await findPartner(tenant, id))) throw partnerNotFound(id);
    const owned = await findPromotionCode(tenant, body.promotion_code);
    if (owned) throw codeTaken(body.promotion_code, owned.partner_id);
    const row = {
      promotion_code_id: body.promotion_code,
      partner_id: id,
      code: body.code ?? null,
      created_at: toIso(c.get("services").clock.now()),
    };
    try {
      await assignPromotionCode(tenant, row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await findPromotionCode(tenant, body.promotion_code);
      throw codeTaken(body.promotion_code, winner?.partner_id ?? "another partner");
    }
    return c.json(present({ ...row, merchant_id: c.get("auth").merchant.id }), 201);
  });
  mount(app, listRoute, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const tenant = merchantTenant(c);
    if (!(await findPartner(tenant, id))) throw partnerNotFound(id);
    const rows = await promotionCodesOf(tenant, id);
    return c.json({ data: rows.map(present), has_more: false }, 200);
  });
  mount(app, removeRoute, requireSecretKey(), async (c) => {
    const { id, promotion_code } = validate(codeParams, c.req.param(), "path");
    const tenant = merchantTenant(c);
    if (!(await findPartner(tenant, id))) throw partnerNotFound(id);
    if (!(await removePromotionCode(tenant, id, promotion_code))) {
      throw new ApiError(
        "NOT_FOUND",
        `Partner ${id} owns no promotion code ${promotion_code}. List its codes with GET /api/v1/partners/${id}/promotion-codes.`,
      );
    }
    return c.json(
      {
        object: "promotion_code" as const,
        promotion_code,
        partner_id: id,
        deleted: true as const,
      },
      200,
    );
  });
}
