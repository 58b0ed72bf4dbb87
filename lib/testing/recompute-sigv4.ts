// s3rver does not check signatures (docs/ARCHITECTURE.md), so tests recompute the SigV4 query signature of
// an issued URL themselves and compare. The request is rebuilt from the bucket, the expected key
// and the expected query, not from the URL's own path, so a URL for another object cannot match.
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "@/lib/storage/node-sha256";

/** RFC 3986 escaping of one path segment, as S3 canonicalizes keys. */
const escapeSegment = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** X-Amz-Date (`20260101T120000Z`) → Date. */
export const parseAmzDate = (v: string) =>
  new Date(v.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

export type ExpectedGet = {
  endpoint: string;
  bucket: string;
  key: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  expiresIn: number;
  /** Query parameters the URL must carry besides the X-Amz-* ones (e.g. response-content-disposition). */
  query: Record<string, string>;
};

/**
 * The signature a path-style presigned GET of `key` must carry, signed at the URL's own
 * X-Amz-Date. Equal to the URL's X-Amz-Signature only if the object, expiry, query and
 * credentials all match.
 */
export const recomputeSignature = async (issuedUrl: string, e: ExpectedGet) => {
  const url = new URL(issuedUrl);
  const endpoint = new URL(e.endpoint);
  const signer = new SignatureV4({
    credentials: { accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey },
    region: e.region,
    service: "s3",
    sha256: NodeSha256,
    // S3 signs the path as sent (escaped once), not escaped twice like other services.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const presigned = await signer.presign(
    {
      method: "GET",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: `/${e.bucket}/${e.key.split("/").map(escapeSegment).join("/")}`,
      query: { ...e.query },
      headers: { host: endpoint.host, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
    },
    {
      signingDate: parseAmzDate(url.searchParams.get("X-Amz-Date") ?? ""),
      expiresIn: e.expiresIn,
      unsignableHeaders: new Set(["content-type"]),
    },
  );
  return String(presigned.query?.["X-Amz-Signature"]);
};
