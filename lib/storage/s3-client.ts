import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { env } from "@/lib/env";

const globalForS3 = globalThis as unknown as { s3?: S3Client };

/** The one S3 client. Without S3_ACCESS_KEY_ID the SDK's default chain (IAM role, profile) applies. */
export const s3 =
  globalForS3.s3 ??
  new S3Client({
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    // Checksums only where S3 requires one. By default the SDK puts a CRC32 into every presigned
    // UploadPart URL, computed at signing time over an empty body: S3 then refuses the real part
    // (BadDigest). s3rver ignores the parameter, so nothing local would show it.
    requestChecksumCalculation: "WHEN_REQUIRED",
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
globalForS3.s3 = s3;

export const bucket = env.S3_BUCKET;
