// ops trace FILE...: names the grant a leaked weight file was delivered under, or says no
// fingerprint was found. An ONNX model's external-data files are given as further FILE arguments.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { traceFile, type TraceResult } from "@/lib/domain/fingerprint/trace-file";
import { externalLocations, weightFormat } from "@/lib/fingerprint/weight-file";
import { formatInstant, type OpsContext } from "./run-command";

const probability = (p: number | null) => (p === null ? "n/a" : p === 0 ? "< 1e-300" : p.toExponential(2));

export const describeTrace = (file: string, r: TraceResult) => {
  if (!r.grant) return [`${file}: no fingerprint found (sha256 ${r.sha256}; ${r.grantsSearched} grants searched)`];
  const g = r.grant;
  return [
    `${file}: fingerprint of grant ${g.id}`,
    `  user:      ${g.user.name ? `${g.user.name} ` : ""}<${g.user.email ?? g.user.id}>`,
    `  model:     ${g.model.slug}`,
    `  evidence:  ${r.exact ? "byte-identical to the copy delivered under this grant" : `score z = ${r.score?.toFixed(1)}`}; false-attribution probability ${probability(r.falseAttributionProbability)}`,
    `  grant:     requested ${formatInstant(g.createdAt)}, approved ${formatInstant(g.decidedAt)}, expires ${formatInstant(g.expiresAt)}${g.revokedAt ? `, revoked ${formatInstant(g.revokedAt)}` : ""} (now ${g.status})`,
    `  downloads: ${g.downloads.length}`,
    ...g.downloads.map(
      (d) => `    ${formatInstant(d.issuedAt)}  ${d.channel}  ${d.file.version.name}/${d.file.path}  ${d.ip ?? ""}`,
    ),
  ];
};

export const run = async (ctx: OpsContext, { files }: { files: string[] }) => {
  const loaded = new Map<string, Uint8Array>();
  for (const f of files) loaded.set(f, new Uint8Array(await readFile(f)));
  const externalOnly = new Set<string>();
  const externalsOf = new Map<string, Map<string, Uint8Array>>();
  for (const [f, bytes] of loaded) {
    if (weightFormat(bytes) !== "onnx") continue;
    let locations: string[] = [];
    try {
      locations = externalLocations(bytes);
    } catch {
      continue;
    }
    const ext = new Map<string, Uint8Array>();
    for (const location of locations) {
      const match = [...loaded.keys()].find((other) => path.resolve(other) === path.resolve(path.dirname(f), location));
      if (match) {
        ext.set(location, loaded.get(match) as Uint8Array);
        externalOnly.add(match);
      }
    }
    externalsOf.set(f, ext);
  }
  let found = 0;
  for (const [f, bytes] of loaded) {
    if (externalOnly.has(f)) continue;
    const result = await traceFile({ bytes, external: externalsOf.get(f), actorId: null, via: "ops" });
    if (result.found) found++;
    for (const line of describeTrace(f, result)) ctx.say(line);
  }
  return found ? 0 : 1;
};
