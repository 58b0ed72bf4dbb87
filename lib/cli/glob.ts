// `--include` globs: `*` stays within a path segment, `**` crosses segments, `?` is one character,
// `{a,b}` alternatives. A pattern without "/" matches the file's base name too (like `*.safetensors`).
const escape = (c: string) => c.replace(/[.+^$()|[\]\\]/g, "\\$&");

export const globToRegExp = (glob: string): RegExp => {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      if (end < 0) re += "\\{";
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(",")
          .map((alt) => globToRegExp(alt).source.slice(1, -1))
          .join("|")})`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
};

export const matchesAny = (path: string, globs: string[]) => {
  if (globs.length === 0) return true;
  const base = path.split("/").pop() ?? path;
  return globs.some((g) => {
    const re = globToRegExp(g);
    return re.test(path) || (!g.includes("/") && re.test(base));
  });
};
