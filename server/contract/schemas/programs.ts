import { z } from "@hono/zod-openapi";
import {
  currencySchema,
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  positiveAmountCentsSchema,
  textField,
} from "./common";

export const attributionModelSchema = z.enum(["last_click", "first_click"]).openapi({
  description:
    "last_click: a new ref replaces the stored click. first_click: the first stored click is kept until it expires.",
});

export const commissionRuleSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("percent"),
      percent: z
        .number({ message: "must be a number" })
        .gt(0, "must be greater than 0")
        .max(100, "must be at most 100")
        .openapi({ example: 20, description: "Share of the conversion amount; decimals allowed." }),
    }),
    z.strictObject({
      type: z.literal("flat"),
      amount_cents: positiveAmountCentsSchema,
      currency: currencySchema,
    }),
  ])
  .openapi("CommissionRule", {
    example: { type: "percent", percent: 20 },
  });

const programName = textField(200)
  .trim()
  .min(1, "must not be empty")
  .openapi({ example: "Creators 2026" });
const windowDays = z
  .number({ message: "must be a number of days" })
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day")
  .max(365, "must be at most 365 days");
const holdDays = z
  .number({ message: "must be a number of days" })
  .int("must be a whole number of days")
  .min(0, "must be at least 0 days")
  .max(365, "must be at most 365 days")
  .openapi({
    description:
      "Days a commission stays `pending` before it becomes `due` (the refund period: a refund in it reverses a commission nobody has paid yet). 0: due at once. Changing it applies to commissions earned afterwards.",
    example: 30,
  });
export const fraudRulesSchema = z
  .strictObject({
    self_referral: z.boolean({ message: "must be true or false" }).optional().openapi({
      description:
        "Hold a commission whose customer is the partner: the sale's Stripe customer is the partner's `stripe_customer_id`, or the customer's e-mail is the partner's. Default true.",
    }),
    customer_partners: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(100)
      .optional()
      .openapi({
        description:
          "Hold a commission when its customer converted through at least this many different partners within `customer_partners_days`. Default 3; 0 turns it off.",
      }),
    customer_partners_days: z
      .number({ message: "must be a number" })
      .int()
      .min(1)
      .max(365)
      .optional()
      .openapi({
        description: "Default 30.",
      }),
    visitor_clicks: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(1000)
      .optional()
      .openapi({
        description:
          "Hold a commission when its click's visitor (address and browser, hashed) stored more than this many clicks within some `visitor_clicks_minutes` around that click. Default 5; 0 turns it off.",
      }),
    visitor_clicks_minutes: z
      .number({ message: "must be a number" })
      .int()
      .min(1)
      .max(1440)
      .optional()
      .openapi({ description: "Default 10." }),
    click_seconds: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(3600)
      .optional()
      .openapi({
        description:
          "Hold a commission whose conversion (`occurred_at`) came less than this many seconds after its click: automated checkouts. Default 10; 0 turns it off.",
      }),
    automated_seconds: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(86400)
      .optional()
      .openapi({
        description:
          "Hold a commission whose conversion came less than this many seconds after a click from a browser that reported itself automated (`navigator.webdriver`, sent by the snippet as `automated`). Default 600; 0 turns it off.",
      }),
    network_clicks: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(100000)
      .optional()
      .openapi({
        description:
          "Hold a commission whose click came from a network address (IPv4, or IPv6 /64) that had more than this many clicks of the merchant within `network_clicks_minutes` when the click was recorded, whatever the browser. Default 50; 0 turns it off.",
      }),
    network_clicks_minutes: z
      .number({ message: "must be a number" })
      .int()
      .min(1)
      .max(1440)
      .optional()
      .openapi({ description: "Default 10." }),
  })
  .openapi("FraudRules", {
    description:
      "Fraud thresholds (docs/fraud.md). A commission a signal fires for is `held` (held_by `fraud`) until released or rejected.",
  });
const promoCodePrecedence = z.enum(["code", "click"]).openapi({
  description:
    "Who is credited when a sale used a partner's Stripe promotion code and its click names another partner: `code` (the default: the customer chose the code at the till, the last and most deliberate touch) or `click`. The audit entry names both. docs/promotion-codes.md.",
});
const recurringMonths = z
  .number({ message: "must be a number of months" })
  .int("must be a whole number of months")
  .min(0, "must not be negative")
  .max(120, "must be at most 120 months")
  .openapi({
    description:
      "How many months of a subscription earn commission, counted in payments from the first one paid (the first included): on a monthly plan, 12 pays twelve payments (the first and eleven renewals) and the 13th earns nothing; on a yearly plan, 12 pays the first year only. 0 or 1 = the first payment only. A free start (a trial) does not use any: counting begins with the first payment above zero. A billing period earns when it starts before the N-th monthly anniversary of the first paid period, less a day (Stripe's billing anchor precedes the Checkout Session's completion by seconds).",
    example: 12,
  });

export const trialBountySchema = z
  .strictObject({
    amount_cents: positiveAmountCentsSchema,
    currency: currencySchema,
  })
  .nullable()
  .openapi("TrialBounty", {
    description:
      "A flat amount paid when a Stripe subscription starts free (a trial, or a first period at 100 % off) and its sign-up is attributed; the audit log names it (`earning: trial_bounty`). null (the default): a free start earns nothing, and commissions start with the first payment above zero. Payments then earn by `commission` as usual.",
    example: { amount_cents: 500, currency: "EUR" },
  });

const commissionBaseIncludesShipping = z.boolean({ message: "must be true or false" }).openapi({
  description:
    "Stripe payments earn on their amount without tax (Checkout's `total_details.amount_tax`, the invoice's `total_taxes` or `tax`) and, unless this is true, without shipping. Example: a session of €119.00 + €5.95 shipping (amount_total 12495, amount_tax 1995 of which 95 on shipping) earns 20 % of €100.00 = €20.00; with shipping included, 20 % of €105.00 = €21.00. Conversions reported through the API earn on the amount they report.",
  example: false,
});

const attributeByRef = z.boolean({ message: "must be true or false" }).openapi({
  description:
    "Off by default. When on, a sale reported with the snippet's failed-click stand-in (`clk_failed_<ref>`: the visitor came through this program's partner link, but the click could not be recorded in the browser) is credited to the partner of that ref, with reason ATTRIBUTED_BY_REF, if the partner is approved and the program is last_click (under first_click the failed link need not be the first one, so it is never credited by ref). Off: such sales are CLICK_ID_MISSING / click_failed_in_browser. The ref is what the visitor's browser reports, not a click Selgeo recorded: see docs/attribution-truth.md.",
  example: false,
});

export const createProgramBodySchema = z
  .strictObject({
    name: programName,
    attribution_window_days: windowDays.default(30),
    commission: commissionRuleSchema,
    recurring_months: recurringMonths.default(0),
    attribution_model: attributionModelSchema.default("last_click"),
    trial_bounty: trialBountySchema.default(null),
    commission_base_includes_shipping: commissionBaseIncludesShipping.default(false),
    attribute_by_ref: attributeByRef.default(false),
    hold_days: holdDays.default(30),
    fraud: fraudRulesSchema.optional(),
    promo_code_precedence: promoCodePrecedence.default("code"),
  })
  .openapi("CreateProgram");

export const updateProgramBodySchema = z
  .strictObject({
    name: programName.optional(),
    attribution_window_days: windowDays.optional(),
    commission: commissionRuleSchema.optional(),
    recurring_months: recurringMonths.optional(),
    attribution_model: attributionModelSchema.optional(),
    trial_bounty: trialBountySchema.optional(),
    commission_base_includes_shipping: commissionBaseIncludesShipping.optional(),
    attribute_by_ref: attributeByRef.optional(),
    hold_days: holdDays.optional(),
    fraud: fraudRulesSchema.optional(),
    promo_code_precedence: promoCodePrecedence.optional(),
  })
  .openapi("UpdateProgram");

export const programSchema = z
  .object({
    id: idSchema("prg"),
    object: z.literal("program"),
    name: z.string(),
    attribution_window_days: z.number().int(),
    commission: commissionRuleSchema,
    recurring_months: recurringMonths,
    attribution_model: attributionModelSchema,
    trial_bounty: trialBountySchema,
    commission_base_includes_shipping: commissionBaseIncludesShipping,
    attribute_by_ref: attributeByRef,
    hold_days: holdDays,
    fraud: z.object({
      self_referral: z.boolean(),
      customer_partners: z.number().int(),
      customer_partners_days: z.number().int(),
      visitor_clicks: z.number().int(),
      visitor_clicks_minutes: z.number().int(),
      click_seconds: z.number().int(),
    }),
    promo_code_precedence: promoCodePrecedence,
    created_at: isoTimeSchema,
    updated_at: isoTimeSchema,
  })
  .openapi("Program");

export const listProgramsQuerySchema = listQuerySchema;
export const programListSchema = listResponse(programSchema, "ProgramList");

export type ProgramObject = z.infer<typeof programSchema>;
