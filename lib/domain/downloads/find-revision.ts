import "server-only";
import { revisionSql } from "@/lib/domain/access/gate-sql";
import { AppError } from "@/lib/errors";
import { sqlPool } from "@/lib/sql";

/**
 * A PUBLISHED version of the model by name or 40-hex commit id; `main` (or none) is the model's
 * latest published version. Drafts answer 404 like unknown names. The rule is gate-sql.ts's, the
 * one the gate's loader reads with.
 */
export const findRevision = async (modelId: string, revision?: string) => {
  const { rows } = await sqlPool().query<{ id: string; name: string; commitSha: string }>({
    name: "find-revision",
    text: `SELECT v.id, v.name, v."commitSha" FROM "Model" m, LATERAL (${revisionSql("$2::text")}) v WHERE m.id = $1`,
    values: [modelId, revision === undefined || revision === "main" ? null : revision],
  });
  const version = rows[0];
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "No such revision." });
  return version;
};
