import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { makeFingerprintCopiesJob } from "@/lib/jobs/fingerprint-copies";
import { sqlPool } from "@/lib/sql";

/** What a client is told to wait before asking again while its copy is made. */
export const COPY_RETRY_SECONDS = 15;

type ServedFile = { id: string; storageKey: string; sha256: string; size: bigint };
type CopyRow = {
  fingerprinting: boolean;
  fileId: string | null;
  status: string | null;
  storageKey: string | null;
  sha256: string | null;
  size: string | null;
};

/**
 * The caller's own bytes for each file: for a fingerprinted model, the grant's marked copy (its
 * storage key, sha256 and size) in place of the original, which is never served; for any other
 * model, the files unchanged. Copies are made on a grant's first download of a version: files with
 * no copy yet get a PREPARING row and one job (same transaction), and the caller gets COPY_PREPARING
 * with a retry time. Called where the storage key is chosen, on every channel.
 */
export const callerCopies = async <F extends ServedFile>(input: {
  modelId: string;
  versionId: string;
  grantId: string | null;
  files: F[];
}): Promise<F[]> => {
  const { modelId, versionId, grantId, files } = input;
  if (!files.length) return files;
  // One read on the hot path: the model's setting and the grant's copies of these files.
  const { rows } = await sqlPool().query<CopyRow>({
    name: "caller-copies",
    text: `SELECT m.fingerprinting, c."fileId", c.status::text AS status, c."storageKey", c.sha256, c.size::text AS size
           FROM "Model" m LEFT JOIN "FingerprintCopy" c ON m.fingerprinting AND c."grantId" = $2 AND c."fileId" = ANY ($3::text[])
           WHERE m.id = $1`,
    values: [modelId, grantId ?? "", files.map((f) => f.id)],
  });
  if (!rows[0]?.fingerprinting) return files;
  if (!grantId)
    throw new AppError("FORBIDDEN", {
      userMessage:
        "This model is delivered as individually marked copies, one per grant; request access to receive yours.",
    });
  const copies = new Map(rows.filter((r) => r.fileId).map((r) => [r.fileId as string, r]));
  const missing = files.filter((f) => !copies.has(f.id));
  if (missing.length > 0 || [...copies.values()].some((c) => c.status === "PREPARING")) {
    if (missing.length)
      await db.$transaction(async (tx) => {
        // Every READY file of the version at once: one job makes the whole set, whichever file was asked first.
        const count = await tx.$executeRaw`
          INSERT INTO "FingerprintCopy" (id, "grantId", "fileId", status, "updatedAt")
          SELECT gen_random_uuid()::text, ${grantId}, f.id, 'PREPARING', now()
          FROM "ModelFile" f WHERE f."versionId" = ${versionId} AND f.status = 'READY'
          ON CONFLICT ("grantId", "fileId") DO NOTHING`;
        // Another request may have created them first; then its job is already queued.
        if (count) await enqueue(makeFingerprintCopiesJob, { grantId, versionId }, { tx });
      });
    throw new AppError("COPY_PREPARING", {
      userMessage: `Your individually marked copy of this model is being prepared. Try again in ${COPY_RETRY_SECONDS} seconds.`,
      retryAfterSeconds: COPY_RETRY_SECONDS,
    });
  }
  if ([...copies.values()].some((c) => c.status === "FAILED"))
    throw new AppError("FILE_NOT_READY", {
      userMessage: "Your marked copy of this model could not be made; the registry's operators have been told.",
    });
  return files.map((f) => {
    const c = copies.get(f.id) as CopyRow;
    if (c.status !== "READY") return f; // UNMARKED: nothing in it to mark, the original is the copy
    return { ...f, storageKey: c.storageKey as string, sha256: c.sha256 as string, size: BigInt(c.size as string) };
  });
};
