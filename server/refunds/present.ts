import type { RefundObject } from "../contract/schemas/conversions";
import { presentConversion } from "../conversions/present";
import type { Commission, Conversion, Refund } from "../store/schema";

export function presentRefund(
  refund: Refund,
  conversion: Conversion,
  commission: Commission | null,
): RefundObject {
  return {
    id: refund.id,
    object: "refund",
    mode: refund.mode,
    conversion_id: refund.conversion_id,
    amount_cents: Number(refund.amount_cents),
    currency: conversion.currency,
    commission_reversed_cents: Number(refund.commission_reversed_cents),
    external_refund_id: refund.external_refund_id,
    created_at: refund.created_at,
    conversion: presentConversion(conversion, commission),
  };
}
