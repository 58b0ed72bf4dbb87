import "server-only";
import { accessCodes } from "@/lib/common/gate-code-list";
import { AppError, type ErrorCode } from "@/lib/errors";

/** The `X-Error-Code` values Hugging Face clients branch on (huggingface_hub's hf_raise_for_status, @huggingface/hub). */
export type HubErrorCode = "RepoNotFound" | "RevisionNotFound" | "EntryNotFound" | "GatedRepo";

/** A 404 that says which part was not found, as the Hub does; our JSON body still says NOT_FOUND. */
export class HubNotFound extends AppError {
  readonly hubCode: HubErrorCode;
  constructor(hubCode: Exclude<HubErrorCode, "GatedRepo">, userMessage: string) {
    super("NOT_FOUND", { userMessage });
    this.hubCode = hubCode;
  }
}

export const repoNotFound = () => new HubNotFound("RepoNotFound", "Repository not found.");
export const revisionNotFound = (rev: string) => new HubNotFound("RevisionNotFound", `Revision not found: ${rev}.`);
export const entryNotFound = (path: string) => new HubNotFound("EntryNotFound", `Entry not found: ${path}.`);

// Every gate refusal is GatedRepo for the Hub's clients (huggingface_hub raises GatedRepoError on it);
// the precise reason travels in our JSON body and in X-Error-Message.
const gated = new Set<ErrorCode>(accessCodes);

/** The Hub's code for an error, when the Hub has one (rate limits, bad input, bad tokens have none). */
export const hubErrorCode = (e: AppError): HubErrorCode | undefined => {
  if (e instanceof HubNotFound) return e.hubCode;
  if (gated.has(e.code)) return "GatedRepo";
  if (e.code === "NOT_FOUND") return "RepoNotFound";
  return undefined;
};

/** Header values are ASCII: typographic punctuation is spelled out, anything else becomes `?`. */
export const toHeaderText = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?")
    .slice(0, 1000);

/** The message with the absolute URL of the next step, as Hub clients print it. */
const hubMessage = (e: AppError, origin: string) =>
  `${e.userMessage}${e.action ? ` Next step: ${new URL(e.action, origin).href}` : ""}`;

/** `X-Error-Code` (when the Hub has one) and `X-Error-Message` with the next step's URL. */
export const hubErrorHeaders = (e: AppError, origin: string): Record<string, string> => {
  const code = hubErrorCode(e);
  return { ...(code ? { "X-Error-Code": code } : {}), "X-Error-Message": toHeaderText(hubMessage(e, origin)) };
};

/**
 * The Hub's body is `{ "error": "<message>" }`, and its clients print `error` as text (an object
 * would show as "[object Object]"); our gate code and next step ride beside it, machine-readable.
 */
export const hubErrorBody = (e: AppError, origin: string) => ({
  error: hubMessage(e, origin),
  code: e.code,
  ...(e.action ? { action: new URL(e.action, origin).href } : {}),
  ...(e.fields ? { fields: e.fields } : {}),
  ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
});
