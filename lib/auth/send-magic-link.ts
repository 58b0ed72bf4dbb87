import "server-only";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/jobs/queue";
import { sealJson } from "@/lib/jobs/seal";
import { sendEmailJob } from "@/lib/jobs/send-email";
import { magicLinkEmail } from "@/lib/mail/magic-link-email";

/** next-auth's e-mail hook: the link is sealed into a job; the worker sends it. */
export const sendMagicLink = async ({ identifier, url }: { identifier: string; url: string }) => {
  const content = magicLinkEmail({ url, host: new URL(url).host });
  await enqueue(sendEmailJob, {
    to: identifier,
    kind: "magic-link",
    message: { sealed: true, box: sealJson(env.NEXTAUTH_SECRET, content) },
  });
};
