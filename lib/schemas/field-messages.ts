/**
 * Error sentences that name the field, for the forms' labels (which are often questions):
 * "What will you use the model for?" → "Enter what you will use the model for." rather than
 * "What will you use the model for? is required". Pure string work, shared by server and browser.
 */

const AUX = "will|would|do|does|did|are|is|was|were|can|could|should|have|has|may|might";
const SUBJECT = "you|we|they|it|he|she|your \\w+|the \\w+";
// A wh-question: the wh-phrase (up to two words after the wh-word), the auxiliary, the subject, the rest.
const WH_QUESTION = new RegExp(
  `^((?:what|which|where|when|why|how|who|whom|whose)(?:\\s+[\\w-]+){0,2}?)\\s+(${AUX})\\s+(${SUBJECT})\\b\\s*(.*?)\\s*\\?$`,
  "i",
);

/** Lower-cases the first letter unless the first word is an acronym ("ORCID iD", "URL"). */
const lowerFirst = (s: string) => (/^[A-Z][A-Z0-9]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/** "What will you use the model for?" → "what you will use the model for"; undefined if not a wh-question. */
export const indirectQuestion = (label: string) => {
  const m = WH_QUESTION.exec(label.trim());
  if (!m) return undefined;
  const [, wh, aux, subject, rest] = m as unknown as [string, string, string, string, string];
  // "What do you study?" → "what you study": do-support has no place in the indirect form.
  const verb = /^(do|does|did)$/i.test(aux) ? "" : ` ${aux.toLowerCase()}`;
  return `${lowerFirst(wh)} ${subject}${verb}${rest ? ` ${rest}` : ""}`;
};

/** The label as it reads inside a sentence: a question is quoted, a noun phrase is not. */
export const fieldInSentence = (label: string) => (/[?!.:]$/.test(label.trim()) ? `“${label.trim()}”` : label.trim());

export type RequiredKind = "enter" | "choose" | "tick";

/** The sentence shown when a required field is left empty. */
export const requiredMessage = (label: string, kind: RequiredKind = "enter") => {
  const text = label.trim();
  if (kind === "tick") return `Tick “${text.replace(/[.]$/, "")}” to continue.`;
  const verb = kind === "choose" ? "Choose" : "Enter";
  const indirect = indirectQuestion(text);
  if (indirect) return `${verb} ${indirect}.`;
  if (text.endsWith("?")) return `Answer “${text}”.`;
  return `${verb} ${kind === "choose" ? "a value for " : ""}${lowerFirst(text.replace(/[.:]$/, ""))}.`;
};

/** The sentence for text longer than its limit. */
export const tooLongMessage = (label: string, max: number) =>
  `${capitalise(fieldInSentence(label))} can be at most ${max.toLocaleString("en-US")} characters.`;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
