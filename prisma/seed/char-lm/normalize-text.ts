// Typographic punctuation that texts and pasted prompts often contain, mapped to the ASCII
// the vocabulary keeps, so it becomes a real token instead of the fallback character.
const replacements: ReadonlyArray<readonly [RegExp, string]> = [
  [/\r\n?/g, "\n"],
  [/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
  [/[\t\u00a0\u2000-\u200a\u202f\u3000]/g, " "],
];

/**
 * Canonical form shared by training and prompting: lowercase, ASCII punctuation and no
 * diacritics. The model is small, so keeping case would nearly double the
 * vocabulary for little gain.
 */
export const normalizeText = (text: string): string => {
  let out = text;
  for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
  // NFKD splits accented letters into base letter + combining mark, so "e" with an acute
  // accent becomes a plain "e" instead of the fallback character.
  return out
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
};
