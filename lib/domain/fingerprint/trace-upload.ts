import "server-only";
import pLimit from "p-limit";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ZTraceResult, ZTraceUploadQuery, type TTraceResult } from "@/lib/schemas/fingerprint";
import { traceFile } from "./trace-file";

/** What the route hands over once the caller may upload: the body, streamed to a temp file under the cap. */
type Receive = (
  maxBytes: number,
) => Promise<{ size: number; read: () => Promise<Uint8Array>; dispose: () => Promise<void> }>;

// A trace holds the suspect and each candidate original in memory: one at a time per process, so
// two admins tracing large files cannot double the web process's peak.
const oneAtATime = pLimit(1);

/**
 * An admin traces an uploaded suspect file (the trace page, or the API with an ADMIN-scope token):
 * admins only, because the search spans every model's grants and names the grantee with their
 * download history; a reviewer of one model would learn about grants of models they do not review.
 * The caller is checked before a byte of the body is read, so a refused upload writes nothing;
 * `traceFile` writes the `fingerprint.traced` audit row of each run.
 */
export const traceUpload = async (
  caller: Caller | null,
  input: { query: unknown; via: string; receive: Receive },
): Promise<TTraceResult> => {
  const admin = requireAdmin(caller);
  const { name } = ZTraceUploadQuery.parse(input.query);
  const file = await input.receive(env.MAX_TRACE_UPLOAD_BYTES);
  try {
    const result = await oneAtATime(async () =>
      traceFile({ bytes: await file.read(), actorId: admin.id, via: input.via }),
    );
    return ZTraceResult.parse(
      JSON.parse(JSON.stringify({ ...result, fileName: name ?? null, size: file.size })) as unknown,
    );
  } finally {
    await file.dispose();
  }
};

/** What the trace page says before an upload: the cap, and how many copies a trace searches. */
export const getTraceOverview = async (caller: Caller | null) => {
  requireAdmin(caller);
  const [models, copies, grants] = await Promise.all([
    db.model.count({ where: { fingerprinting: true } }),
    db.fingerprintCopy.count({ where: { status: "READY" } }),
    db.fingerprintCopy.findMany({ where: { status: "READY" }, distinct: ["grantId"], select: { grantId: true } }),
  ]);
  return { maxBytes: env.MAX_TRACE_UPLOAD_BYTES, fingerprintedModels: models, copies, grants: grants.length };
};
