import { z } from "zod";
import { env } from "@/lib/env";
import { sendEmailJob, type TSendEmailPayload } from "@/lib/jobs/send-email";
import { openJson } from "@/lib/jobs/seal";
import { sendMail } from "@/lib/mail/send-mail";

const content = z.object({ subject: z.string(), text: z.string(), html: z.string() });

export const run = async ({ payload }: { payload: TSendEmailPayload }) => {
  const { to, message } = sendEmailJob.schema.parse(payload);
  const body = message.sealed ? openJson(env.NEXTAUTH_SECRET, message.box, content) : message;
  const { subject, text, html } = body;
  return sendMail(to, { subject, text, html });
};
