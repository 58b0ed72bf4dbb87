// s3rver 3.7 does not check SigV4 signatures: a tampered or unsigned request got 200. S3 answers
// 403. This checks every request (but CORS preflights, which S3 takes unsigned) against the one
// key pair the app uses, header-signed and presigned, as S3 computes it: the canonical request
// (method, path, query, signed headers, payload hash), the scope, the HMAC chain; a presigned URL
// past X-Amz-Expires and a header-signed request more than 15 minutes off are refused too.
// Not checked: the body against x-amz-content-sha256, and the chunk signatures of aws-chunked bodies.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type S3rver from "s3rver";
import cors from "s3rver/lib/middleware/cors.js";
import S3Error from "s3rver/lib/models/error.js";

type Ctx = {
  method: string;
  path: string;
  req: { url?: string; headers: Record<string, string | string[] | undefined> };
  params?: Record<string, string>;
};
type Next = () => Promise<unknown>;

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** RFC 3986 escaping, as SigV4 canonicalizes (only A-Z a-z 0-9 - _ . ~ left as they are). */
const escape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** S3's canonical URI: every segment decoded once, then escaped (no double escaping, no normalising). */
const canonicalUri = (rawPath: string) =>
  rawPath
    .split("/")
    .map((seg) => escape(decode(seg)))
    .join("/") || "/";

const parseQuery = (raw: string) =>
  raw
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf("=");
      return i === -1 ? [decode(pair), ""] : [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
    }) as [string, string][];

const canonicalQuery = (pairs: [string, string][]) =>
  pairs
    .map(([k, v]) => [escape(k), escape(v)])
    .sort(([a, av], [b, bv]) => (a! < b! ? -1 : a! > b! ? 1 : av! < bv! ? -1 : av! > bv! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");

const headerValue = (headers: Ctx["req"]["headers"], name: string) => {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(",") : (v ?? "")).trim().replace(/\s+/g, " ");
};

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** 20260101T120000Z → ms since the epoch (NaN if malformed). */
const amzDateMs = (v: string) =>
  /^\d{8}T\d{6}Z$/.test(v)
    ? Date.parse(v.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"))
    : NaN;

type Credentials = { accessKeyId: string; secretAccessKey: string };

type Parsed = {
  accessKeyId: string;
  scope: string[];
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  query: [string, string][];
  expiresSeconds?: number;
};

const fail = (code: string, message: string): never => {
  throw new S3Error(code, message);
};

const signatureMismatch = () =>
  fail(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  );

const parse = (ctx: Ctx, rawQuery: string): Parsed => {
  const query = parseQuery(rawQuery);
  const q = (name: string) => query.find(([k]) => k === name)?.[1];
  const auth = headerValue(ctx.req.headers, "authorization");
  if (q("X-Amz-Algorithm") !== undefined) {
    if (auth) fail("InvalidArgument", "Only one auth mechanism allowed");
    if (q("X-Amz-Algorithm") !== ALGORITHM) fail("AuthorizationQueryParametersError", "Unsupported X-Amz-Algorithm");
    const credential = q("X-Amz-Credential") ?? "";
    const [accessKeyId = "", ...scope] = credential.split("/");
    const expires = Number(q("X-Amz-Expires"));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS)
      fail("AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds");
    return {
      accessKeyId,
      scope,
      signedHeaders: (q("X-Amz-SignedHeaders") ?? "").split(";").filter(Boolean),
      signature: q("X-Amz-Signature") ?? "",
      amzDate: q("X-Amz-Date") ?? "",
      payloadHash: q("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD",
      query: query.filter(([k]) => k !== "X-Amz-Signature"),
      expiresSeconds: expires,
    };
  }
  if (!auth) {
    if (q("Signature") !== undefined || q("AWSAccessKeyId") !== undefined)
      fail("AccessDenied", "Only AWS Signature Version 4 is supported");
    fail("AccessDenied", "Access Denied");
  }
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) fail("AccessDenied", "Only AWS Signature Version 4 is supported (Authorization header malformed)");
  const [accessKeyId = "", ...scope] = m![1]!.split("/");
  return {
    accessKeyId,
    scope,
    signedHeaders: m![2]!.split(";"),
    signature: m![3]!,
    amzDate: headerValue(ctx.req.headers, "x-amz-date"),
    payloadHash: headerValue(ctx.req.headers, "x-amz-content-sha256") || "UNSIGNED-PAYLOAD",
    query,
  };
};

/** Throws the S3 error a real bucket would answer with; returns when the request is signed by `creds`. */
export const checkSigV4 = (ctx: Ctx, creds: Credentials, now = Date.now()) => {
  const rawUrl = ctx.req.url ?? "/";
  const qAt = rawUrl.indexOf("?");
  const rawPath = qAt === -1 ? rawUrl : rawUrl.slice(0, qAt);
  const p = parse(ctx, qAt === -1 ? "" : rawUrl.slice(qAt + 1));
  if (p.accessKeyId !== creds.accessKeyId)
    fail("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const [date, region, service, terminator] = p.scope;
  const signedAt = amzDateMs(p.amzDate);
  if (p.scope.length !== 4 || service !== "s3" || terminator !== "aws4_request" || !region || !date)
    fail("AuthorizationHeaderMalformed", "The credential scope is malformed.");
  if (Number.isNaN(signedAt) || p.amzDate.slice(0, 8) !== date)
    fail("AccessDenied", "X-Amz-Date is missing or malformed");
  if (!p.signedHeaders.includes("host")) fail("AccessDenied", "The host header must be signed");
  if (p.expiresSeconds !== undefined) {
    if (signedAt > now + MAX_SKEW_MS) fail("AccessDenied", "Request is not yet valid");
    if (now > signedAt + p.expiresSeconds * 1000) fail("AccessDenied", "Request has expired");
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS)
    fail("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");

  const canonicalRequest = [
    ctx.method,
    canonicalUri(rawPath),
    canonicalQuery(p.query),
    p.signedHeaders.map((h) => `${h}:${headerValue(ctx.req.headers, h)}\n`).join(""),
    p.signedHeaders.join(";"),
    p.payloadHash,
  ].join("\n");
  const scope = p.scope.join("/");
  const stringToSign = [ALGORITHM, p.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = [date!, region!, service!, terminator!].reduce<Buffer | string>(
    (k, part) => hmac(k, part),
    `AWS4${creds.secretAccessKey}`,
  );
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const given = Buffer.from(p.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) signatureMismatch();
};

const bucketOf = (path: string) => {
  const m = /^\/([^/]+)(?:\/(.*))?$/.exec(path);
  return m ? { bucket: decode(m[1]!), ...(m[2] ? { key: decode(m[2]) } : {}) } : undefined;
};

/** Installs the check ahead of everything s3rver routes (CORS headers still on the refusal, so a browser can read it). */
export const addSignatureCheck = (server: S3rver, creds: Credentials) => {
  const withCors = cors();
  const handle = async (ctx: Ctx, next: Next) => {
    // Preflights are unsigned on S3 too; the bucket's CORS rules answer them.
    if (ctx.method === "OPTIONS") return next();
    const params = bucketOf(ctx.path);
    if (!params) {
      checkSigV4(ctx, creds);
      return next();
    }
    ctx.params = { ...params } as Record<string, string>;
    await withCors(ctx, async () => {
      checkSigV4(ctx, creds);
      // s3rver's router sets its own params.
      delete ctx.params;
      return next();
    });
  };
  // Koa composes `middleware` when the server starts listening: ahead of every handler but the
  // logger and s3rver's own response plumbing (the first three).
  server.middleware.splice(3, 0, handle as never);
};
