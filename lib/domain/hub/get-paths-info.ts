import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { ZHubPathsInfoInput, type THubRevisionParams } from "@/lib/schemas/hub";
import { findHubRevision } from "./find-hub-revision";
import { loadRevisionEntries } from "./load-revision-entries";

/**
 * `POST /api/models/{org}/{name}/paths-info/{rev}`: the entry (file or directory) of each asked
 * path that exists in the revision, in the order asked; paths that do not exist are left out,
 * as the Hub does.
 */
export const getPathsInfo = async (caller: Caller | null, params: THubRevisionParams, raw: unknown) => {
  const revision = await findHubRevision(caller, params);
  const input = ZHubPathsInfoInput.parse(raw);
  const byPath = new Map(
    (await loadRevisionEntries(revision, { expand: input.expand, userId: caller?.id })).map((e) => [e.path, e]),
  );
  return [...new Set(input.paths)].flatMap((p) => byPath.get(p) ?? []);
};
