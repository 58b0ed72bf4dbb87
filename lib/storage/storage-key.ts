/**
 * Where a file's bytes live: by model id and version commit, never by user input alone,
 * so a path like `../x` in a file name cannot escape its version's prefix.
 */
export const buildStorageKey = ({ modelId, commitSha, path }: { modelId: string; commitSha: string; path: string }) => {
  if (!/^[0-9a-f]{40}$/.test(commitSha)) throw new Error("commitSha must be 40 hex characters");
  const clean = path
    .split("/")
    .filter((part) => part && part !== "." && part !== "..")
    .join("/");
  if (!clean) throw new Error("empty file path");
  return `models/${modelId}/${commitSha}/${clean}`;
};
