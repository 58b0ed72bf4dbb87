import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { EmailContent } from "./render-email";

const globalForMail = globalThis as unknown as { transport?: nodemailer.Transporter };

/** SMTP delivery; only the worker calls this. */
export const sendMail = async (to: string, content: EmailContent, { messageId }: { messageId?: string } = {}) => {
  const transport = (globalForMail.transport ??= nodemailer.createTransport(env.SMTP_URL));
  const info = await transport.sendMail({ from: env.EMAIL_FROM, to, ...content, ...(messageId ? { messageId } : {}) });
  return { messageId: info.messageId as string };
};
