import "server-only";
import type { Tx } from "@/lib/db";
import type { EmailContent } from "@/lib/mail/render-email";
import { enqueue } from "./queue";
import { sendEmailJob } from "./send-email";

/** Queues a plain (non-secret) e-mail; inside `tx` it is sent only if the change commits. */
export const enqueueEmail = (
  tx: Tx | undefined,
  { to, kind, content }: { to: string; kind: string; content: EmailContent },
) => enqueue(sendEmailJob, { to, kind, message: { sealed: false, ...content } }, { tx });
