import { z } from "zod";
import { tooLongMessage } from "./field-messages";
import { ZInstant } from "./instant";

/** Every event a webhook may subscribe to (`ping` is only ever sent on request, to one endpoint). */
export const WEBHOOK_EVENTS = [
  "access_request.created",
  "access_request.approved",
  "access_request.rejected",
  "access_request.withdrawn",
  "access_request.revoked",
  "access_request.expired",
  "license.accepted",
  "file.ready",
  "file.failed",
  "download.issued",
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

const modelSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/,
    "Enter the model as org/name, or leave it empty for every model.",
  );

/** An absolute http(s) URL without credentials; whether its host may be reached is checked apart. */
const webhookUrl = z
  .string()
  .trim()
  .max(2000, tooLongMessage("URL", 2000))
  .pipe(z.url({ protocol: /^https?$/, error: "Enter the URL as an http:// or https:// address." }))
  // (zod 4 runs the refinement even after the URL check failed, hence canParse)
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    "Leave user name and password out of the URL.",
  );

/** POST /api/v1/admin/webhooks */
export const ZCreateWebhookInput = z.strictObject({
  url: webhookUrl,
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1, "Choose at least one event.")
    .transform((e) => [...new Set(e)]),
  /** Only this model's events (`org/name`); none for every model. */
  model: z.union([modelSlug, z.literal("").transform(() => undefined)]).optional(),
  active: z.boolean().default(true),
});
export type TCreateWebhookInput = z.input<typeof ZCreateWebhookInput>;

/** PATCH /api/v1/admin/webhooks/{id}: enable or disable, or change what it listens to. */
export const ZUpdateWebhookInput = z
  .strictObject({
    active: z.boolean().optional(),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, "Choose at least one event.")
      .transform((e) => [...new Set(e)])
      .optional(),
  })
  .refine((v) => v.active !== undefined || v.events !== undefined, "Nothing to change");
export type TUpdateWebhookInput = z.input<typeof ZUpdateWebhookInput>;

export const ZWebhookRouteParams = z.object({ id: z.string().min(1).max(64) });
export const ZDeliveryRouteParams = ZWebhookRouteParams.extend({ deliveryId: z.string().min(1).max(64) });

/** GET /api/v1/admin/webhooks/{id}/deliveries?before=&pageSize= : newest first, keyset pages. */
export const ZListDeliveriesQuery = z.object({
  /** The `nextCursor` of the previous page. */
  before: z.string().min(1).max(200).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type TListDeliveriesQuery = z.input<typeof ZListDeliveriesQuery>;

const deliveryStatuses = ["PENDING", "SUCCEEDED", "FAILED"] as const;
/** What admins see of an endpoint (lib/domain/webhooks/webhook-view.ts): never its secret. */
export const ZWebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: ZInstant,
  /** `org/name` when it hears one model's events only. */
  model: z.string().nullable(),
  createdBy: z.string().nullable(),
  lastDelivery: z
    .object({
      event: z.string(),
      status: z.enum(deliveryStatuses),
      responseStatus: z.number().int().nullable(),
      createdAt: ZInstant,
      deliveredAt: ZInstant.nullable(),
    })
    .nullable(),
});
export type TWebhookView = z.infer<typeof ZWebhookView>;
/** GET /api/v1/admin/webhooks/{id}: the view with its delivery counts by status. */
export const ZWebhookDetail = z.object({
  webhook: ZWebhookView.extend({ deliveries: z.record(z.enum(deliveryStatuses), z.number().int()) }),
});
/** PATCH /api/v1/admin/webhooks/{id}: `changed` false when it already was so (nothing audited). */
export const ZWebhookUpdated = z.object({ webhook: ZWebhookView, changed: z.boolean() });
export const ZWebhookCreated = z.object({ webhook: ZWebhookView, secret: z.string() });
export const ZWebhookDeleted = z.object({ id: z.string(), deleted: z.literal(true) });
export const ZWebhookSecret = z.object({ id: z.string(), secret: z.string() });
export const ZRedelivery = z.object({ id: z.string(), status: z.literal("PENDING") });

/** GET …/webhooks/{id}/deliveries: newest first, with each event's payload as it was sent. */
export const ZWebhookDeliveries = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      eventId: z.string(),
      event: z.string(),
      status: z.enum(deliveryStatuses),
      attempts: z.number().int(),
      responseStatus: z.number().int().nullable(),
      responseTimeMs: z.number().int().nullable(),
      lastError: z.string().nullable(),
      createdAt: ZInstant,
      deliveredAt: ZInstant.nullable(),
      /** The signed body (README.md, "Webhooks"): its `data` differs by event. */
      payload: z.unknown(),
    }),
  ),
  /** The `before` of the next page; null on the last. */
  nextCursor: z.string().nullable(),
  pageSize: z.number().int(),
});
