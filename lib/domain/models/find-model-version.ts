import "server-only";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A version of the model by name or by 40-hex commit id (a commit id wins, as for downloads); 404 otherwise. */
export const findModelVersion = async (modelId: string, version: string, client: Tx | typeof db = db) => {
  const isSha = /^[0-9a-f]{40}$/.test(version);
  const found = await client.modelVersion.findMany({
    where: { modelId, OR: [{ name: version }, ...(isSha ? [{ commitSha: version }] : [])] },
    select: { id: true, name: true, commitSha: true, status: true },
    take: 2,
  });
  const match = found.find((v) => v.commitSha === version) ?? found[0];
  if (!match) throw new AppError("NOT_FOUND", { userMessage: "No such version." });
  return match;
};
