// Stored rows → the API's objects (snake_case, parsed JSON, embedded commission).
import type { AttributionReason } from "../contract/attribution-reasons";
import type { ConversionObject } from "../contract/schemas/conversions";
import type { Commission, Conversion } from "../store/schema";

export function presentConversion(
  conversion: Conversion,
  commission: Commission | null,
): ConversionObject {
  return {
    id: conversion.id,
    object: "conversion",
    mode: conversion.mode,
    status: conversion.status,
    reason: conversion.reason as AttributionReason,
    reason_detail: conversion.reason_detail as ConversionObject["reason_detail"],
    click_id: conversion.click_id,
    partner_id: conversion.partner_id,
    program_id: conversion.program_id,
    event_type: conversion.event_type,
    external_transaction_id: conversion.external_transaction_id,
    amount_cents: Number(conversion.amount_cents),
    refunded_amount_cents: Number(conversion.refunded_amount_cents),
    currency: conversion.currency,
    customer_id: conversion.customer_id,
    metadata: conversion.metadata
      ? (JSON.parse(conversion.metadata) as Record<string, string>)
      : null,
    source: conversion.source as ConversionObject["source"],
    occurred_at: conversion.occurred_at,
    created_at: conversion.created_at,
    commission: commission
      ? {
          id: commission.id,
          amount_cents: Number(commission.amount_cents),
          reversed_amount_cents: Number(commission.reversed_amount_cents),
          currency: commission.currency,
          status: commission.status,
        }
      : null,
  };
}
