const rules = new Intl.PluralRules("en-US");

/** The English noun for a count: "approval" for exactly 1, "approvals" for 0, 2, 1.5… (CLDR plural rules). */
export const plural = (n: number, singular: string, pluralForm = `${singular}s`) =>
  rules.select(n) === "one" ? singular : pluralForm;

/** 1 → "1 approval", 1200 → "1,200 approvals": a count with its noun. */
export const countOf = (n: number, singular: string, pluralForm?: string) =>
  `${n.toLocaleString("en-US")} ${plural(n, singular, pluralForm)}`;
