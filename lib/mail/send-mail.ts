import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { EmailContent } from "./render-email";

const globalForMail = globalThis as unknown as { transport?: nodemailer.Transporter };

/** SMTP delivery; only the worker calls this. */
export const sendMail = async (to: string, content: EmailContent, { messageId }: { messageId?: string } = {}) => {
  const transport = (globalForMail.transport ??= nodemailer.createTransport({
    url: env.SMTP_URL,
    // A few kept-open connections: a burst of mail is not one TCP and SMTP handshake per message.
    pool: true,
    maxConnections: 4,
    // Bounded well inside the job's expiry (lib/jobs/send-email.ts), so a stuck server fails the try.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  }));
  const info = await transport.sendMail({ from: env.EMAIL_FROM, to, ...content, ...(messageId ? { messageId } : {}) });
  return { messageId: info.messageId as string };
};
