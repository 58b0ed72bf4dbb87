// Path globs (picomatch) for the CLI's --include and a model's fingerprinted files: `*` stays within a
// path segment, `**` crosses segments, `?` is one character, `{a,b}` alternatives. A pattern without "/"
// matches the file's base name too (like `*.safetensors`). No server imports: the CLI loads it too.
import picomatch from "picomatch";

export const matchesAny = (path: string, globs: string[]) => {
  if (globs.length === 0) return true;
  const base = path.split("/").pop() ?? path;
  return globs.some((g) => picomatch.isMatch(path, g) || (!g.includes("/") && picomatch.isMatch(base, g)));
};
