// `weights pull org/name[@revision] [--include glob] [--dir D]`: every file of the manifest, four
// at a time, with progress bars on a terminal and one line per finished file otherwise.
import { isAbsolute, join, resolve, sep } from "node:path";
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { countOf } from "../../format";
import { human } from "../human";
import { CliError, EXIT } from "../errors";
import { resolveConfig } from "../config";
import { freshFileUrl, getJson, modelPath } from "../http";
import { matchesAny } from "../../common/glob";
import { downloadFile, isComplete, type RemoteFile } from "../download";

type Manifest = {
  revision: { name: string; commitSha: string };
  files: RemoteFile[];
  notReady: { path: string; status: string }[];
};
type Listed = Omit<RemoteFile, "url" | "expiresAt">;
type Listing = Omit<Manifest, "files"> & { files: Listed[] };

/** `path=a&path=b…` query strings short enough for any server's URL limit (and the API's 500 paths). */
export const pathBatches = (paths: string[], maxChars = 6000, maxPaths = 500) => {
  const batches: string[] = [];
  let current: string[] = [];
  for (const path of paths) {
    const param = `path=${encodeURIComponent(path)}`;
    if (current.length > 0 && (current.join("&").length + param.length + 1 > maxChars || current.length >= maxPaths)) {
      batches.push(current.join("&"));
      current = [];
    }
    current.push(param);
  }
  if (current.length > 0) batches.push(current.join("&"));
  return batches;
};

const PARALLEL = 4;

export const parseTarget = (target: string) => {
  const at = target.indexOf("@");
  const slug = at < 0 ? target : target.slice(0, at);
  const revision = at < 0 ? "main" : target.slice(at + 1);
  if (!revision) throw new CliError(EXIT.USAGE, `Empty revision in "${target}".`);
  modelPath(slug); // validates org/name
  return { slug, revision };
};

/** The manifest's paths come from the server: refuse any that would write outside the target dir. */
const destination = (dir: string, path: string) => {
  const dest = resolve(dir, path);
  if (isAbsolute(path) || !dest.startsWith(resolve(dir) + sep))
    throw new CliError(EXIT.NETWORK, `Refusing the unsafe path ${path} from the portal.`);
  return dest;
};

export const pull = async (target: string, opts: { include?: string[]; dir?: string }) => {
  const { slug, revision } = parseTarget(target);
  const p = await resolveConfig();
  const dir = resolve(opts.dir ?? join(process.cwd(), slug.split("/")[1] as string));
  // List first (nothing issued), then ask for URLs only for what is missing here: a re-run spends
  // neither the rate limit nor the grant's download quota on files already on disk.
  const listing = await getJson<Listing>(
    p,
    `${modelPath(slug)}/manifest?revision=${encodeURIComponent(revision)}&urls=false`,
  );
  const include = opts.include ?? [];
  const listed = listing.files.filter((f) => matchesAny(f.path, include));
  const notReady = listing.notReady.filter((f) => matchesAny(f.path, include));
  if (listed.length === 0 && notReady.length === 0)
    throw new CliError(
      EXIT.GATE,
      `No file of ${slug}@${listing.revision.name} matches ${include.join(", ") || "anything"}.`,
    );
  const manifest = { ...listing, files: [] as RemoteFile[] };
  const upToDate: Listed[] = [];
  for (const f of listed) if (await isComplete(destination(dir, f.path), f)) upToDate.push(f);
  const missing = listed.filter((f) => !upToDate.includes(f));
  for (const batch of pathBatches(missing.map((f) => f.path)))
    manifest.files.push(
      ...(await getJson<Manifest>(p, `${modelPath(slug)}/manifest?revision=${listing.revision.commitSha}&${batch}`))
        .files,
    );
  const files = manifest.files;
  const out = (line: string) => console.log(line);
  out(
    `${slug}@${manifest.revision.name} (${manifest.revision.commitSha.slice(0, 12)}): ${countOf(files.length, "file")} to fetch, ${human(files.reduce((s, f) => s + f.size, 0))} → ${dir}`,
  );
  for (const f of upToDate) out(`up to date  ${f.path}  ${f.sha256}`);

  const tty = Boolean(process.stdout.isTTY);
  const bars = tty
    ? new MultiBar(
        { clearOnComplete: false, hideCursor: true, format: " {bar} {percentage}% | {name} | {done}/{size}" },
        Presets.shades_classic,
      )
    : null;
  const totalSize = files.reduce((s, f) => s + f.size, 0);
  const progress = new Map<string, number>();
  const total = bars?.create(Math.max(totalSize, 1), 0, { name: "total", done: human(0), size: human(totalSize) });
  const report = (path: string, bytes: number, bar?: SingleBar) => {
    progress.set(path, bytes);
    bar?.update(bytes, { done: human(bytes) });
    const sum = [...progress.values()].reduce((a, b) => a + b, 0);
    total?.update(sum, { done: human(sum) });
  };

  const failures: CliError[] = [];
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const file = f;
      const bar = bars?.create(Math.max(file.size, 1), 0, { name: file.path, done: human(0), size: human(file.size) });
      try {
        const result = await downloadFile(file, {
          dest: destination(dir, file.path),
          refresh: () => freshFileUrl(p, slug, file.path, manifest.revision.commitSha),
          onProgress: (bytes) => report(file.path, bytes, bar),
        });
        if (!bars) out(`${result === "skipped" ? "up to date" : "downloaded"}  ${file.path}  ${file.sha256}`);
      } catch (e) {
        const err = e instanceof CliError ? e : new CliError(EXIT.NETWORK, `${file.path}: ${(e as Error).message}`);
        failures.push(err);
        if (!bars) console.error(`failed  ${file.path}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  } finally {
    bars?.stop();
  }
  for (const f of notReady) console.error(`not ready  ${f.path} (${f.status}): try again later`);
  if (failures.length > 0) {
    for (const f of failures.slice(1)) console.error(f.message);
    throw failures[0];
  }
  if (notReady.length > 0)
    throw new CliError(
      EXIT.GATE,
      `${countOf(notReady.length, "file")} ${notReady.length === 1 ? "is" : "are"} not ready yet (FILE_NOT_READY).`,
    );
  out(`Done: ${countOf(files.length + upToDate.length, "file")} verified (sha256).`);
};
