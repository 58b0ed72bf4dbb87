// The portal's REST API for the CLI: bearer token, JSON errors `{error:{code,message,action}}`
// turned into CliErrors with the exit code of their class.
import { gateCodes } from "../common/gate-code-list";
import { CliError, EXIT, type ExitCode } from "./errors";

export type Portal = { portal: string; token?: string };
type ErrorBody = { error?: { code?: string; message?: string; action?: string; retryAfterSeconds?: number } };

// A 429 is a pace problem (retried), not a refusal of access.
const GATE_CODES = new Set<string>(gateCodes.filter((c) => c !== "RATE_LIMITED"));

const USER_AGENT = "weights-cli/1";

export const absoluteUrl = (portal: string, action: string | undefined) =>
  action ? new URL(action, `${portal}/`).toString() : undefined;

const exitFor = (status: number, code: string | undefined): ExitCode => {
  if (status === 401) return EXIT.AUTH;
  if (code && GATE_CODES.has(code)) return EXIT.GATE;
  if (status === 403) return code === "FORBIDDEN" ? EXIT.AUTH : EXIT.GATE;
  // An unknown model, revision or file is a refusal of what was asked, like the gate's; usage errors
  // (2) are the command line's own mistakes, found before anything is sent.
  if (status === 404) return EXIT.GATE;
  if (status === 400 || status === 422) return EXIT.USAGE;
  return EXIT.NETWORK;
};

/** Reads an error response (JSON or not) into a CliError; never throws anything else. */
export const errorFromResponse = async (p: Portal, res: Response): Promise<CliError> => {
  let body: ErrorBody = {};
  if ((res.headers.get("content-type") ?? "").includes("json"))
    body = ((await res.json().catch(() => ({}))) as ErrorBody) ?? {};
  const code = body.error?.code;
  let message = body.error?.message ?? `The portal answered ${res.status} ${res.statusText}.`;
  if (code) message = `${message} (${code})`;
  if (res.status === 401 && !p.token) message = `${message}\nNo token: run \`weights login\` or set WEIGHTS_TOKEN.`;
  if (res.status === 429)
    message = `${message} Retry after ${res.headers.get("retry-after") ?? body.error?.retryAfterSeconds ?? "a while"} seconds.`;
  return new CliError(exitFor(res.status, code), message, absoluteUrl(p.portal, body.error?.action));
};

const MAX_WAIT_SECONDS = 60;

/** Portal request with the token; a 429 with a short Retry-After is waited out (up to 3 times). */
export const portalFetch = async (
  p: Portal,
  path: string,
  init: RequestInit = {},
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<Response> => {
  const headers = new Headers(init.headers);
  headers.set("user-agent", USER_AGENT);
  if (p.token) headers.set("authorization", `Bearer ${p.token}`);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${p.portal}${path}`, { ...init, headers });
    } catch (e) {
      throw new CliError(EXIT.NETWORK, `Cannot reach ${p.portal}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    const wait = Number(res.headers.get("retry-after"));
    if (res.status !== 429 || attempt >= 3 || !Number.isFinite(wait) || wait > MAX_WAIT_SECONDS) return res;
    await res.body?.cancel();
    process.stderr.write(`Rate limited by the portal; retrying in ${wait} s.\n`);
    await sleep(Math.max(wait, 1) * 1000);
  }
};

export const getJson = async <T>(p: Portal, path: string): Promise<T> => {
  const res = await portalFetch(p, path);
  if (!res.ok) throw await errorFromResponse(p, res);
  try {
    return (await res.json()) as T;
  } catch {
    throw new CliError(EXIT.NETWORK, `The portal sent an unreadable answer for ${path}.`);
  }
};

export const modelPath = (slug: string) => {
  const m = /^([^/@\s]+)\/([^/@\s]+)$/.exec(slug);
  if (!m) throw new CliError(EXIT.USAGE, `Expected org/name, got "${slug}".`);
  return `/api/v1/models/${encodeURIComponent(m[1] as string)}/${encodeURIComponent(m[2] as string)}`;
};

/** A fresh presigned URL for one file: the files route answers 302, which we do not follow. */
export const freshFileUrl = async (
  p: Portal,
  slug: string,
  path: string,
  revision: string,
): Promise<{ url: string; expiresAt?: string }> => {
  const route = `${modelPath(slug)}/files/${path.split("/").map(encodeURIComponent).join("/")}?revision=${encodeURIComponent(revision)}`;
  const res = await portalFetch(p, route, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body?.cancel();
    const expires = new URL(location, p.portal).searchParams.get("X-Amz-Expires");
    return {
      url: new URL(location, p.portal).toString(),
      expiresAt: expires ? new Date(Date.now() + Number(expires) * 1000).toISOString() : undefined,
    };
  }
  throw await errorFromResponse(p, res);
};
