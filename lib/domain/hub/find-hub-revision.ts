import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { findRevision } from "@/lib/domain/downloads/find-revision";
import { visibleModelsWhere } from "@/lib/domain/catalog/visible-models-where";
import { isAppError } from "@/lib/errors";
import { ZHubRevisionParams, type THubRevisionParams } from "@/lib/schemas/hub";
import { repoNotFound, revisionNotFound } from "./hub-error";

/**
 * The model (if the caller may see it: metadata needs no grant, as on the Hub's gated repos) and a
 * PUBLISHED revision of it (`main`/`HEAD` = latest, a version name, or a 40-hex commit id).
 * Private models of others and unknown ones are both RepoNotFound.
 */
export const findHubRevision = async (caller: Caller | null, raw: THubRevisionParams) => {
  const parsed = ZHubRevisionParams.safeParse(raw);
  // Malformed names cannot name a model; the Hub answers those 404 too.
  if (!parsed.success)
    throw parsed.error.issues.some((i) => i.path[0] === "rev") ? revisionNotFound(String(raw.rev)) : repoNotFound();
  const { org, name, rev } = parsed.data;
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, visibleModelsWhere(caller)] },
    select: {
      id: true,
      org: true,
      name: true,
      slug: true,
      task: true,
      gating: true,
      visibility: true,
      createdAt: true,
    },
  });
  if (!model) throw repoNotFound();
  const found = await findRevision(model.id, rev).catch((e: unknown) => {
    throw isAppError(e) && e.code === "NOT_FOUND" ? revisionNotFound(rev) : e;
  });
  const version = await db.modelVersion.findUniqueOrThrow({
    where: { id: found.id },
    select: { id: true, name: true, commitSha: true, publishedAt: true, createdAt: true },
  });
  return { model, version };
};
export type HubRevision = Awaited<ReturnType<typeof findHubRevision>>;
