import "server-only";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3 } from "./s3-client";

/** Bytes `start`..`end` (inclusive) of a stored object, by a ranged GET; never the whole object. */
export const getObjectRange = async ({
  key,
  start,
  end,
  signal,
}: {
  key: string;
  start: number;
  end: number;
  signal?: AbortSignal;
}) => {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start)
    throw new Error(`bad range ${start}-${end}`);
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }), {
    abortSignal: signal,
  });
  if (!res.Body) throw new Error(`empty body for range ${start}-${end} of ${key}`);
  return res.Body.transformToByteArray();
};
