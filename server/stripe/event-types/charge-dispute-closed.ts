// charge.dispute.closed: a lost dispute reverses the commission of the disputed payment (as a
// refund of the disputed amount); a won one — an inquiry closed, a dispute prevented — releases
// its hold (disputes/close.ts). Closing works whether or not the dispute's creation arrived first;
// a dispute of a payment whose conversion has not arrived yet is kept until it does.
import { type ClosedStatus, closeDispute } from "../../disputes/close";
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
  ignored,
} from "../event-context";

export const DISPUTE_CLOSED_EVENT_TYPES = ["charge.dispute.closed"] as const;

const CLOSED_STATUSES: ReadonlyArray<string> = [
  "won",
  "lost",
  "warning_closed",
  "prevented",
] satisfies ReadonlyArray<ClosedStatus>;

const isClosed = (status: string): status is ClosedStatus => CLOSED_STATUSES.includes(status);

export async function handleDisputeClosed(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const dispute = parseDispute(scope.event);
  if (dispute.kind === "ignored") return acknowledgeIgnored(services, scope, dispute);
  const status = dispute.status;
  if (!isClosed(status)) {
    return acknowledgeIgnored(
      services,
      scope,
      ignored(
        "DISPUTE_NOT_CLOSED",
        `charge.dispute.closed carried a dispute with status ${status}, not won, lost, warning_closed or prevented.`,
      ),
    );
  }
  const found = await disputedConversion(services, scope, dispute);
  if (found.kind === "parked") return found.handled;
  if (found.kind === "expired") {
    await auditEvent(services, scope, "expired", "DISPUTE_PAYMENT_UNKNOWN", {
      facts: { ...disputeFacts(dispute), detail: DISPUTE_PAYMENT_UNKNOWN_DETAIL },
    });
    return { outcome: "expired", reason: "DISPUTE_PAYMENT_UNKNOWN", conversionId: null };
  }
  const conversion = found.value;
  const closed = await closeDispute(
    services,
    { ...scope, stripeEventId: scope.event.id },
    conversion,
    dispute,
    status,
  );
  const reason = `DISPUTE_${status.toUpperCase()}`;
  if (closed.kind === "already_closed") {
    await auditEvent(services, scope, "ignored", "DISPUTE_ALREADY_CLOSED", {
      conversionId: conversion.id,
      externalTransactionId: conversion.external_transaction_id,
      facts: {
        ...disputeFacts(dispute),
        detail: `The dispute was closed before (${closed.status}); its outcome stands.`,
      },
    });
    return { outcome: "ignored", reason: "DISPUTE_ALREADY_CLOSED", conversionId: conversion.id };
  }
  return {
    outcome: closed.decision === "not_held" ? "recorded" : closed.decision,
    reason,
    conversionId: conversion.id,
  };
}
