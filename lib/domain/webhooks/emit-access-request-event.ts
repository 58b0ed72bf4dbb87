import "server-only";
import type { Tx } from "@/lib/db";
import type { RequestStatus } from "@/lib/generated/prisma/client";
import { emitWebhookEvent, type WebhookEventName } from "./emit-webhook-event";

/** The request an event is about: its id, its applicant, and its model. */
export type AccessRequestSubject = {
  id: string;
  userId: string;
  model: { id: string; slug: string };
  user: { email: string | null };
};

/** What changed; fields left out are left out of the event's data. */
export type AccessRequestChange = {
  status: RequestStatus;
  reasonCode?: string | null;
  expiresAt?: Date | null;
  by?: "reviewer" | "rules" | "operator" | "renewal" | "extension";
};

/**
 * One `access_request.*` event, its data built here so that every change that emits one sends the
 * same fields in the same order (receivers' docs: README.md, Webhooks).
 */
export const emitAccessRequestEvent = (
  tx: Tx,
  event: Extract<WebhookEventName, `access_request.${string}`>,
  request: AccessRequestSubject,
  change: AccessRequestChange,
) =>
  emitWebhookEvent(tx, {
    event,
    modelId: request.model.id,
    data: {
      requestId: request.id,
      model: request.model.slug,
      userId: request.userId,
      email: request.user.email,
      status: change.status,
      // An undefined field is left out of the payload (it goes through JSON), a null one is sent.
      reasonCode: change.reasonCode,
      expiresAt: change.expiresAt,
      by: change.by,
    },
  });
