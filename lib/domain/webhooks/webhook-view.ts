import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** What admins see of a webhook: never the secret (it is shown once, on creation or rotation). */
export const webhookSelect = {
  id: true,
  url: true,
  events: true,
  active: true,
  createdAt: true,
  model: { select: { id: true, slug: true } },
  createdBy: { select: { email: true } },
  deliveries: {
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { event: true, status: true, responseStatus: true, createdAt: true, deliveredAt: true },
  },
} satisfies Prisma.WebhookSelect;

type Row = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
  model: { id: string; slug: string } | null;
  createdBy: { email: string | null } | null;
  deliveries: {
    event: string;
    status: "PENDING" | "SUCCEEDED" | "FAILED";
    responseStatus: number | null;
    createdAt: Date;
    deliveredAt: Date | null;
  }[];
};

export const toWebhookView = (w: Row) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
  model: w.model?.slug ?? null,
  createdBy: w.createdBy?.email ?? null,
  lastDelivery: w.deliveries[0]
    ? {
        ...w.deliveries[0],
        createdAt: w.deliveries[0].createdAt.toISOString(),
        deliveredAt: w.deliveries[0].deliveredAt?.toISOString() ?? null,
      }
    : null,
});
export type WebhookView = ReturnType<typeof toWebhookView>;
