// Checks and headers applied to every request before any route runs (proxy.ts). Plain Web APIs
// only: the proxy is bundled apart from the server-only modules.
import { hasControlCharacters } from "@/lib/schemas/text";

const decodes = (part: string) => {
  try {
    return !hasControlCharacters(decodeURIComponent(part));
  } catch {
    return false;
  }
};

/**
 * Why the request target cannot be served (a path segment or query part that is not valid
 * percent-encoded UTF-8, or that decodes to a control character), or undefined when it is fine.
 */
export const badRequestTarget = (rawPathname: string, rawSearch: string): string | undefined => {
  if (!rawPathname.split("/").every(decodes))
    return "The URL path is not valid percent-encoded UTF-8 text, or holds control characters.";
  const query = rawSearch.replace(/^\?/, "");
  if (query && !query.split(/[&=]/).every((p) => decodes(p.replace(/\+/g, " "))))
    return "The URL query is not valid percent-encoded UTF-8 text, or holds control characters.";
  return undefined;
};

/** The Hub-compatible endpoints answer errors in the Hub's shape (see lib/http/hub-route.ts). */
export const isHubPath = (pathname: string) =>
  pathname.startsWith("/api/models/") || /^\/[^/]+\/[^/]+\/resolve\//.test(pathname);

/** MAX_JSON_BODY_BYTES as the proxy reads it (lib/env.ts validates the same variable for routes). */
export const maxJsonBodyBytes = () => Number(process.env.MAX_JSON_BODY_BYTES) || 1024 ** 2;

/** A declared Content-Length over the cap, refused before a byte of the body is read. */
export const declaredTooLarge = (contentLength: string | null, max: number) =>
  contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) > max
    ? `The request body is larger than ${max} bytes.`
    : undefined;

const statusOf = { BAD_REQUEST: 400, PAYLOAD_TOO_LARGE: 413, METHOD_NOT_ALLOWED: 405 } as const;

/** An error's body and headers in the JSON error shape, or the Hub's shape on Hub routes (lib/domain/hub/hub-error.ts). */
export const errorAnswer = (pathname: string, code: keyof typeof statusOf, message: string) => {
  const headers: Record<string, string> = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  const status = statusOf[code];
  if (!isHubPath(pathname)) return { status, headers, body: JSON.stringify({ error: { code, message } }) };
  return {
    status,
    headers: { ...headers, "X-Error-Message": message },
    body: JSON.stringify({ error: message, code }),
  };
};

export const errorResponse = (pathname: string, code: keyof typeof statusOf, message: string) => {
  const { status, headers, body } = errorAnswer(pathname, code, message);
  return new Response(body, { status, headers });
};

export type SecurityHeaderOptions = {
  nonce: string;
  pathname: string;
  /** NEXTAUTH_URL: HSTS is sent only when the app is served over https. */
  appUrl: string;
  /** Where browsers fetch weights from (the S3 endpoint), for the playground's connect-src. */
  storageOrigin?: string;
  dev?: boolean;
};

const isPlayground = (pathname: string) => /^\/models\/[^/]+\/[^/]+\/try\/?$/.test(pathname);

/**
 * Content-Security-Policy with a per-request nonce (Next puts it on its own scripts; the layout
 * passes it to Mantine's color-scheme script), Permissions-Policy and, over https, HSTS.
 * Styles stay 'unsafe-inline': Mantine sets `style` attributes, which a nonce cannot cover.
 */
export const securityHeaders = (o: SecurityHeaderOptions): Record<string, string> => {
  const connect = ["'self'", ...(o.storageOrigin ? [o.storageOrigin] : [])];
  const csp = [
    "default-src 'self'",
    // 'wasm-unsafe-eval': onnxruntime-web compiles WebAssembly; no other eval (dev mode needs it for React).
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "media-src 'self' blob: data:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "Permissions-Policy": `camera=(), geolocation=(), microphone=(${isPlayground(o.pathname) ? "self" : ""})`,
  };
  if (o.appUrl.startsWith("https:")) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
};
