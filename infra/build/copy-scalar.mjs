// Copies the Scalar API reference's browser bundle to public/scalar/api-reference.js, so the
// /docs/api page loads it from our own origin (never a CDN). Run by next.config.js, like copy-ort.mjs.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const copyScalar = () => {
  const from = path.join(root, "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");
  const to = path.join(root, "public", "scalar", "api-reference.js");
  mkdirSync(path.dirname(to), { recursive: true });
  if (!existsSync(to) || statSync(to).size !== statSync(from).size || statSync(to).mtimeMs < statSync(from).mtimeMs)
    copyFileSync(from, to);
  return to;
};
