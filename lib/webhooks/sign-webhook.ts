import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export const generateWebhookSecret = () => `${PREFIX}${randomBytes(32).toString("base64")}`;

/**
 * The Standard Webhooks headers (https://www.standardwebhooks.com) for one message:
 * `webhook-signature` is `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under the
 * secret's decoded bytes; receivers refuse a timestamp more than a few minutes off (replays).
 */
export const signWebhook = ({
  secret,
  id,
  timestamp,
  body,
}: {
  secret: string;
  id: string;
  timestamp: Date;
  body: string;
}) => {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  const seconds = Math.floor(timestamp.getTime() / 1000).toString();
  const signature = createHmac("sha256", key).update(`${id}.${seconds}.${body}`, "utf8").digest("base64");
  return { "webhook-id": id, "webhook-timestamp": seconds, "webhook-signature": `v1,${signature}` };
};
