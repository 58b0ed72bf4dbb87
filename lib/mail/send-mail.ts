import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { EmailContent } from "./render-email";

const globalForMail = globalThis as unknown as { transport?: nodemailer.Transporter };

/**
 * The longest one send may take, whatever the pool does: inside the job's 15 s expiry
 * (lib/jobs/send-email.ts), so a stuck send fails its try instead of holding the worker's mail loop.
 */
export const SEND_DEADLINE_MS = 12_000;

const transport = () =>
  (globalForMail.transport ??= nodemailer.createTransport({
    url: env.SMTP_URL,
    // A few kept-open connections: a burst of mail is not one TCP and SMTP handshake per message.
    pool: true,
    maxConnections: 4,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  }));

/** SMTP delivery; only the worker calls this. */
export const sendMail = async (
  to: string,
  content: EmailContent,
  { messageId, deadlineMs = SEND_DEADLINE_MS }: { messageId?: string; deadlineMs?: number } = {},
) => {
  const pool = transport();
  let timer: NodeJS.Timeout | undefined;
  // nodemailer's pool can leave a send's promise unsettled when a pooled connection dies mid-message
  // (its socket timeouts then never fire): past the deadline the pool is dropped, so the retry and
  // every later send start on fresh connections.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (globalForMail.transport === pool) globalForMail.transport = undefined;
      pool.close();
      reject(new Error(`SMTP send did not finish within ${deadlineMs} ms`));
    }, deadlineMs);
  });
  try {
    const sending = pool.sendMail({ from: env.EMAIL_FROM, to, ...content, ...(messageId ? { messageId } : {}) });
    const info = await Promise.race([sending, deadline]);
    return { messageId: info.messageId as string };
  } finally {
    clearTimeout(timer);
  }
};
