// `weights push org/name@version FILE... [--as path] [--prefix dir] [--no-wait]` with an admin-scope
// token: each file is hashed locally, declared (size + sha256), its missing parts sent straight to
// the store through one pool of 4 shared by all files, completed, then (unless --no-wait) followed
// until the portal's worker has verified it: READY, or FAILED with the reason (exit 6).
import { countOf } from "../../format";
import { sha256File } from "../download";
import { resolveConfig } from "../config";
import { CliError, EXIT } from "../errors";
import { createUploadApi, parsePushTarget, type StartedUpload, type UploadApi, type VersionFile } from "../upload-api";
import { uploadParts } from "../upload-parts";
import { planUploads, type PlannedUpload } from "../upload-plan";
import { createPool } from "../upload-pool";
import { duration, human } from "../human";
import { createPushProgress, type FileProgress } from "../upload-progress";

const PARALLEL = 4;
const POLL_FIRST_MS = 500;
const POLL_MAX_MS = 5_000;

export type PushOptions = { as?: string; prefix?: string; wait?: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the version until the worker has judged the file: READY or FAILED (with its reason). */
export const waitForVerdict = async (api: UploadApi, path: string, pollMs = POLL_FIRST_MS): Promise<VersionFile> => {
  for (let wait = pollMs; ; wait = Math.min(wait * 1.5, POLL_MAX_MS)) {
    const file = (await api.getVersion()).version.files.find((f) => f.path === path);
    if (!file)
      throw new CliError(
        EXIT.NETWORK,
        `${path} left the version while it was being verified (was the upload cancelled?).`,
      );
    if (file.status === "READY" || file.status === "FAILED") return file;
    await sleep(wait);
  }
};

/** The same bytes already uploaded at that path (an earlier push that ended while verifying): nothing to send. */
const alreadyThere = (existing: VersionFile | undefined, size: number, sha256: string) =>
  existing &&
  (existing.status === "READY" || existing.status === "VERIFYING") &&
  existing.size === size &&
  (existing.sha256 ?? existing.declaredSha256) === sha256;

export const push = async (target: string, files: string[], opts: PushOptions) => {
  const wait = opts.wait !== false;
  const t = parsePushTarget(target);
  const planned = await planUploads(files, opts);
  const p = await resolveConfig();
  if (!p.token)
    throw new CliError(EXIT.AUTH, "No token: pushing needs an admin-scope token (`weights login`, or WEIGHTS_TOKEN).");
  const api = createUploadApi(p, t);
  // Fails early (and writes nothing) for a READ token (exit 3) or an unknown model or version (exit 2).
  const { version } = await api.getVersion();
  const totalBytes = planned.reduce((s, f) => s + f.size, 0);
  console.log(
    `${t.slug}@${version.name} (${version.status.toLowerCase()}, ${version.commitSha.slice(0, 12)}): pushing ${countOf(planned.length, "file")}, ${human(totalBytes)}`,
  );

  const progress = createPushProgress({ tty: Boolean(process.stdout.isTTY), totalBytes });
  const pool = createPool(PARALLEL);
  let unfinished = planned.length;
  const onSigint = () => {
    progress.stop();
    console.error(
      unfinished > 0
        ? "\nInterrupted. The parts sent so far stay on the portal: run the same command again to resume (or cancel the upload on the version's page)."
        : "\nInterrupted while waiting; the portal goes on verifying the files (see the version's page).",
    );
    process.exit(130);
  };
  process.once("SIGINT", onSigint);

  /** Hash, then start or resume the upload (sequential: the next file is hashed while earlier parts go out). */
  const prepare = async (
    f: PlannedUpload,
    bar: FileProgress,
  ): Promise<{ sha256: string; upload: StartedUpload | null }> => {
    bar.status("hashing");
    const sha256 = await sha256File(f.local);
    if (
      alreadyThere(
        version.files.find((x) => x.path === f.path),
        f.size,
        sha256,
      )
    ) {
      bar.begin(f.size);
      progress.line(`already uploaded  ${f.path}`);
      return { sha256, upload: null };
    }
    const { upload, resumed } = await api.start({ path: f.path, size: f.size, sha256 });
    const have = upload.completedParts.reduce((s, x) => s + x.size, 0);
    if (resumed)
      progress.line(
        `resuming: ${upload.completedParts.length} of ${countOf(upload.partCount, "part")} already uploaded  ${f.path}`,
      );
    bar.begin(have);
    return { sha256, upload };
  };

  /** Send the missing parts, complete, and follow the verification. */
  const finish = async (
    f: PlannedUpload,
    bar: FileProgress,
    { sha256, upload }: { sha256: string; upload: StartedUpload | null },
  ) => {
    const started = performance.now();
    let sent = "";
    if (upload) {
      const { sentParts, sentBytes } = await uploadParts({
        api,
        pool,
        file: f.local,
        upload,
        onPart: (_, bytes) => bar.sent(bytes),
        onRetry: (n, why) => progress.line(`part ${n} of ${f.path}: ${why}; trying again`),
      });
      await api.complete(upload.id);
      sent = `, sent ${sentParts} of ${countOf(upload.partCount, "part")} (${human(sentBytes)}) in ${duration((performance.now() - started) / 1000)}`;
    }
    unfinished--;
    if (!wait) {
      bar.status("verifying on the portal");
      progress.line(`uploaded  ${f.path}  ${human(f.size)}${sent}; the portal verifies it now`);
      return;
    }
    bar.status("verifying");
    const verdict = await waitForVerdict(api, f.path);
    bar.status(verdict.status);
    if (verdict.status === "FAILED")
      throw new CliError(
        EXIT.INTEGRITY,
        `${f.path}: FAILED on the portal: ${verdict.failureReason ?? "no reason given"}`,
      );
    progress.line(`ready  ${f.path}  ${verdict.sha256 ?? sha256}  ${human(f.size)}${sent}`);
  };

  const failures: CliError[] = [];
  const fail = (f: PlannedUpload, e: unknown) =>
    void failures.push(e instanceof CliError ? e : new CliError(EXIT.NETWORK, `${f.path}: ${(e as Error).message}`));
  const running: Promise<void>[] = [];
  try {
    for (const f of planned) {
      const bar = progress.file(f.path, f.size);
      try {
        const prepared = await prepare(f, bar);
        running.push(finish(f, bar, prepared).catch((e: unknown) => fail(f, e)));
      } catch (e) {
        fail(f, e);
        bar.status("not uploaded");
        // Without the right token nothing else will be accepted either.
        if (e instanceof CliError && e.exitCode === EXIT.AUTH) break;
      }
    }
    await Promise.all(running);
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
  if (failures.length > 0) {
    for (const f of failures.slice(1)) console.error(`error: ${f.message}`);
    throw failures[0];
  }
  console.log(
    wait
      ? `Done: ${countOf(planned.length, "file")} uploaded and verified (READY).`
      : `Done: ${countOf(planned.length, "file")} uploaded; the portal is verifying them.`,
  );
};
