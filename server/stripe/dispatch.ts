// Which handler acts on which event type: one file per type under event-types/. Types not listed
// here are acknowledged and only noted in stripe_events (no audit entry: they are not decisions
// about a sale).

import type { EventScope, EventServices, EventTypeHandler, Handled } from "./event-context";
import {
  DISPUTE_CLOSED_EVENT_TYPES,
  handleDisputeClosed,
} from "./event-types/charge-dispute-closed";
import {
  DISPUTE_CREATED_EVENT_TYPES,
  handleDisputeCreated,
} from "./event-types/charge-dispute-created";
import { CHARGE_REFUNDED_EVENT_TYPES, handleChargeRefunded } from "./event-types/charge-refunded";
import {
  CHECKOUT_EVENT_TYPES,
  handleCheckoutSession,
} from "./event-types/checkout-session-completed";
import {
  CUSTOMER_DISCOUNT_EVENT_TYPES,
  handleCustomerDiscount,
} from "./event-types/customer-discount";
import { handleInvoicePaid, INVOICE_PAID_EVENT_TYPES } from "./event-types/invoice-paid";
import {
  handleInvoicePayment,
  INVOICE_PAYMENT_EVENT_TYPES,
} from "./event-types/invoice-payment-paid";

const HANDLERS: ReadonlyArray<readonly [ReadonlyArray<string>, EventTypeHandler]> = [
  [CHECKOUT_EVENT_TYPES, handleCheckoutSession],
  [INVOICE_PAID_EVENT_TYPES, handleInvoicePaid],
  [INVOICE_PAYMENT_EVENT_TYPES, handleInvoicePayment],
  [CHARGE_REFUNDED_EVENT_TYPES, handleChargeRefunded],
  [DISPUTE_CREATED_EVENT_TYPES, handleDisputeCreated],
  [DISPUTE_CLOSED_EVENT_TYPES, handleDisputeClosed],
  [CUSTOMER_DISCOUNT_EVENT_TYPES, handleCustomerDiscount],
];

const BY_TYPE: ReadonlyMap<string, EventTypeHandler> = new Map(
  HANDLERS.flatMap(([types, handler]) => types.map((type) => [type, handler] as const)),
);

/** The event types this service acts on: the ones to select in Stripe. */
export const HANDLED_EVENT_TYPES: ReadonlyArray<string> = [...BY_TYPE.keys()];

export function isHandledEventType(type: string): boolean {
  return BY_TYPE.has(type);
}

export function dispatchEvent(services: EventServices, scope: EventScope): Promise<Handled> {
  const handler = BY_TYPE.get(scope.event.type);
  if (handler) return handler(services, scope);
  return Promise.resolve({
    outcome: "ignored",
    reason: "EVENT_TYPE_NOT_HANDLED",
    conversionId: null,
  });
}
