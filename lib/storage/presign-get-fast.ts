import "server-only";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./node-sha256";
import { bucket, s3 } from "./s3-client";

const PROBE_KEY = "presign-probe";
const SIGNING_PARAMS = new Set([
  "X-Amz-Algorithm",
  "X-Amz-Content-Sha256",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-Signature",
  "X-Amz-SignedHeaders",
]);

/** RFC 3986 escaping, as S3 and the SDK escape key segments and query values. */
const escapeUri = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Signer = { signer: SignatureV4; origin: URL; prefix: string; extraQuery: Record<string, string> };
let signerOnce: Promise<Signer> | undefined;

/**
 * What every GetObject URL of this bucket shares, learnt once from one URL the SDK presigns itself:
 * the endpoint and path style (the SDK's endpoint rules), the signing region, and the query the
 * SDK adds (`x-id`, checksum mode). The SDK's full middleware stack costs about a millisecond of CPU
 * per URL; issuance signs every URL it hands out, so later URLs are signed directly with SigV4.
 */
const learnSigner = async (): Promise<Signer> => {
  const probe = new URL(
    await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: PROBE_KEY }), { expiresIn: 60 }),
  );
  if (!probe.pathname.endsWith(`/${PROBE_KEY}`))
    throw new Error(`unexpected presigned URL shape: ${probe.origin}${probe.pathname}`);
  const [, , region, service] = (probe.searchParams.get("X-Amz-Credential") ?? "").split("/");
  if (!region || service !== "s3") throw new Error("unexpected X-Amz-Credential scope in a presigned URL");
  const extraQuery = Object.fromEntries([...probe.searchParams].filter(([k]) => !SIGNING_PARAMS.has(k)));
  const signer = new SignatureV4({
    credentials: s3.config.credentials,
    region,
    service: "s3",
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  return { signer, origin: probe, prefix: probe.pathname.slice(0, -PROBE_KEY.length), extraQuery };
};

/** A presigned GetObject URL, byte for byte what `getSignedUrl` gives for the same input and date. */
export const presignGetObject = async ({
  key,
  query,
  expiresIn,
  signingDate,
}: {
  key: string;
  query: Record<string, string>;
  expiresIn: number;
  signingDate: Date;
}) => {
  const { signer, origin, prefix, extraQuery } = await (signerOnce ??= learnSigner().catch((e: unknown) => {
    signerOnce = undefined;
    throw e;
  }));
  const signed = await signer.presign(
    {
      method: "GET",
      protocol: origin.protocol,
      hostname: origin.hostname,
      port: origin.port ? Number(origin.port) : undefined,
      path: prefix + key.split("/").map(escapeUri).join("/"),
      query: { ...extraQuery, ...query },
      headers: { host: origin.host, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
    },
    { expiresIn, signingDate, unsignableHeaders: new Set(["content-type"]) },
  );
  const q = signed.query as Record<string, string>;
  const search = Object.keys(q)
    .sort()
    .map((k) => `${escapeUri(k)}=${escapeUri(q[k] as string)}`)
    .join("&");
  return `${origin.protocol}//${origin.host}${signed.path}?${search}`;
};
