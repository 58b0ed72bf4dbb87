// Builds the Next.js app when there is no build, or when the sources changed since the last one,
// so `npm start` and `npm test` always serve the code that is checked out.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { runToEnd } from "./child";

const root = path.resolve(import.meta.dirname, "../..");
const inputs = ["app", "lib", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json"];
const skip = new Set(["node_modules", ".next", "generated", "testing"]);
const stampFile = path.join(root, ".next", "source-hash.txt");

const walk = (p: string, out: string[]) => {
  if (!existsSync(p)) return;
  if (statSync(p).isFile()) return void out.push(p);
  for (const entry of readdirSync(p).sort())
    if (!skip.has(entry) && !entry.endsWith(".test.ts")) walk(path.join(p, entry), out);
};

export const sourceHash = () => {
  const files: string[] = [];
  for (const i of inputs) walk(path.join(root, i), files);
  const hash = createHash("sha256");
  for (const f of files) hash.update(path.relative(root, f)).update("\0").update(readFileSync(f));
  hash.update(readFileSync(path.join(root, "prisma", "schema.prisma")));
  return hash.digest("hex");
};

export const ensureBuild = async (log: (line: string) => void = console.log) => {
  const hash = sourceHash();
  const built =
    existsSync(path.join(root, ".next", "BUILD_ID")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === hash;
  if (built) return false;
  log("Building the web app (first start, or the sources changed)…");
  const started = Date.now();
  await runToEnd(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  });
  writeFileSync(stampFile, hash);
  log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return true;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  ensureBuild().catch((e) => {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  });
}
