const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How a license version is named everywhere (catalog, badges, pages, the CLI): the name alone when
 * it already carries the version ("Apache License 2.0", version 2.0), otherwise the name and " v" and
 * the registry's version of its text ("MIT License v1.0"), so no page reads "Apache License 2.0 2.0".
 */
export const licenseLabel = (name: string, version: string) => {
  const v = version.trim().replace(/^v(?=\d)/i, "");
  if (!v) return name;
  const carried = new RegExp(`(^|[\\s(/-])v?${escapeRegExp(v)}($|[\\s),;])`, "i").test(name.trim());
  return carried ? name : `${name} v${v}`;
};
