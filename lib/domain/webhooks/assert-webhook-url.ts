import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveWebhookHost, WebhookAddressError } from "@/lib/webhooks/resolve-webhook-host";

/**
 * Registration-time SSRF check: https only (http too when private addresses are allowed, for
 * local development), and a host that resolves to public addresses only. The worker checks
 * again against the address it connects to, since DNS may answer differently later.
 */
export const assertWebhookUrl = async (
  url: string,
  { allowPrivate = env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES }: { allowPrivate?: boolean } = {},
) => {
  if (new URL(url).protocol !== "https:" && !allowPrivate)
    throw new AppError("WEBHOOK_URL_NOT_ALLOWED", {
      userMessage:
        "Webhook URLs must use https:// (http:// only where WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true, for local development).",
      fields: { url: ["Use an https:// URL"] },
    });
  try {
    await resolveWebhookHost(url, { allowPrivate });
  } catch (e) {
    if (!(e instanceof WebhookAddressError)) throw e;
    throw new AppError("WEBHOOK_URL_NOT_ALLOWED", { userMessage: e.message, fields: { url: [e.message] } });
  }
};
