import { z } from "zod";
import { env } from "@/lib/env";
import { sendEmailJob, type TSendEmailPayload } from "@/lib/jobs/send-email";
import { openJson } from "@/lib/jobs/seal";
import { sendMail } from "@/lib/mail/send-mail";

const content = z.object({ subject: z.string(), text: z.string(), html: z.string() });

/** The sender's domain, for Message-IDs (RFC 5322 wants a domain the sender controls). */
const senderDomain = () => /@([^>\s]+)>?\s*$/.exec(env.EMAIL_FROM)?.[1] ?? "localhost";

/**
 * SMTP is at-least-once: a worker killed after the server accepted a mail but before pg-boss heard
 * of it sends the mail again on the retry. The retry carries the same Message-ID (from the job id),
 * which mail systems use to drop the duplicate.
 */
export const run = async ({ payload, jobId }: { payload: TSendEmailPayload; jobId?: string }) => {
  const { to, message } = sendEmailJob.schema.parse(payload);
  const body = message.sealed ? openJson(env.NEXTAUTH_SECRET, message.box, content) : message;
  const { subject, text, html } = body;
  return sendMail(to, { subject, text, html }, jobId ? { messageId: `<job-${jobId}@${senderDomain()}>` } : {});
};
