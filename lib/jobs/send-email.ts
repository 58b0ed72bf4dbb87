import { z } from "zod";

/** Every e-mail goes through this job: the worker sends it, never a request handler. */
export const sendEmailJob = {
  name: "send-email",
  schema: z.object({
    to: z.email(),
    /** The message, AES-GCM sealed when it carries a secret (a magic link); see lib/jobs/seal.ts. */
    message: z.union([
      z.object({
        sealed: z.literal(false),
        subject: z.string().min(1),
        text: z.string().min(1),
        html: z.string().min(1),
      }),
      z.object({ sealed: z.literal(true), box: z.string().min(1) }),
    ]),
    /** What kind of mail, for logs and metrics (never the content). */
    kind: z.string().min(1),
  }),
  // A send takes well under a second; a worker that died holding the job gives it back after
  // expireInSeconds plus the maintenance interval (lib/jobs/queue.ts) and the retry delay: about 30 s
  // at most. Its expiry is shorter than a lease (workers/job-lease.ts), so it needs none.
  options: { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 },
} as const;

export type TSendEmailPayload = z.infer<typeof sendEmailJob.schema>;
