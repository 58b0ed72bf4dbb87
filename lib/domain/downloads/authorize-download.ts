import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import type { ModelRef } from "@/lib/domain/access/find-visible-model";
import { gateError } from "@/lib/domain/access/gate-codes";
import { judgeAccess, liveGrantId } from "@/lib/domain/access/judge-access";
import { AppError } from "@/lib/errors";
import { type FilesWanted, loadGateFacts } from "@/lib/domain/access/load-gate-facts";

/**
 * The first steps of the download gate (docs/ARCHITECTURE.md), from one read: caller known → model visible
 * (404 otherwise) → country, grant approved, unexpired, unrevoked (not for OPEN models) → current
 * license version accepted → revision exists (404) → with a `path`, the file exists (404).
 * With `playground`, a model whose playground is off is a 404 before the grant is looked at. With
 * `files`, the revision's files come in the same read (they are only returned once the gate passes).
 * Returns what the rest of the issuance needs, with the grant it is made under (null when none is
 * needed or held).
 */
export const authorizeDownload = async (
  caller: Caller | null,
  ref: ModelRef,
  {
    revision,
    path,
    playground = false,
    files,
  }: { revision?: string; path?: string; playground?: boolean; files?: FilesWanted } = {},
) => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${ref.org}/${ref.name}` });
  const read = await loadGateFacts(caller, ref, revision, path, files);
  if (!read) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  // Checked before the grant: a researcher must not be sent to request access for a playground that is off.
  if (playground && !read.playground.enabled)
    throw new AppError("NOT_FOUND", {
      userMessage: "This model has no playground. You can still download it from its page.",
      action: `/models/${read.model.slug}`,
    });
  const now = new Date();
  const state = judgeAccess({ ...read, now });
  if (state.code !== "GRANTED") throw new AppError(state.code, { userMessage: state.message, action: state.action });
  if (!read.version) throw new AppError("NOT_FOUND", { userMessage: "No such revision." });
  if (path !== undefined && !read.file)
    throw new AppError("NOT_FOUND", { userMessage: "No such file in this revision." });
  const grantId = liveGrantId(state, now);
  return {
    model: read.model,
    version: read.version,
    file: read.file,
    files: read.files ?? [],
    grantId,
    hasQuota: grantId !== null && read.hasQuota,
    hooked: read.hooked,
    fingerprinting: read.fingerprinting,
    task: read.playground.task,
  };
};
