import "server-only";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { bucket, s3 } from "./s3-client";

/** True when the bucket answers; used by the health check. */
export const isBucketReachable = async () => {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  }
};
