// charge.dispute.created: a customer disputed a payment (a chargeback, or an inquiry). The
// commission of that payment's conversion is held until the dispute closes (disputes/open.ts);
// a dispute of a payment whose conversion has not arrived yet is kept until it does.
import { openDispute } from "../../disputes/open";
import {
  DISPUTE_PAYMENT_UNKNOWN_DETAIL,
  disputedConversion,
  disputeFacts,
  parseDispute,
} from "../dispute-payload";
import {
  acknowledgeIgnored,
  auditEvent,
  type EventScope,
  type EventServices,
  type Handled,
} from "../event-context";

export const DISPUTE_CREATED_EVENT_TYPES = ["charge.dispute.created"] as const;

export async function handleDisputeCreated(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const dispute = parseDispute(scope.event);
  if (dispute.kind === "ignored") return acknowledgeIgnored(services, scope, dispute);
  const found = await disputedConversion(services, scope, dispute);
  if (found.kind === "parked") return found.handled;
  if (found.kind === "expired") {
    await auditEvent(services, scope, "expired", "DISPUTE_PAYMENT_UNKNOWN", {
      facts: { ...disputeFacts(dispute), detail: DISPUTE_PAYMENT_UNKNOWN_DETAIL },
    });
    return { outcome: "expired", reason: "DISPUTE_PAYMENT_UNKNOWN", conversionId: null };
  }
  const conversion = found.value;
  const opened = await openDispute(
    services,
    { ...scope, stripeEventId: scope.event.id },
    conversion,
    dispute,
  );
  switch (opened.kind) {
    case "held":
      return { outcome: "held", reason: "DISPUTE_OPENED", conversionId: conversion.id };
    case "not_held":
      return { outcome: "recorded", reason: "DISPUTE_OPENED", conversionId: conversion.id };
    case "already_open":
    case "already_closed": {
      const reason =
        opened.kind === "already_open" ? "DISPUTE_ALREADY_OPEN" : "DISPUTE_ALREADY_CLOSED";
      await auditEvent(services, scope, "ignored", reason, {
        conversionId: conversion.id,
        externalTransactionId: conversion.external_transaction_id,
        facts: {
          ...disputeFacts(dispute),
          detail:
            opened.kind === "already_open"
              ? "The dispute was opened before; its commission is held once."
              : `The dispute closed (${opened.status}) before its creation arrived: its outcome stands, nothing is held.`,
        },
      });
      return { outcome: "ignored", reason, conversionId: conversion.id };
    }
  }
}
