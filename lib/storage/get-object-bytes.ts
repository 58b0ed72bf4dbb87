import "server-only";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3 } from "./s3-client";

/**
 * A whole stored object in memory, for files a parser needs entire (an ONNX protobuf). Refuses,
 * before reading the body, an object larger than `maxBytes`: returns `{ tooLarge: size }`.
 */
export const getObjectBytes = async ({
  key,
  maxBytes,
  signal,
}: {
  key: string;
  maxBytes: number;
  signal?: AbortSignal;
}) => {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const size = res.ContentLength ?? 0;
  if (size > maxBytes) {
    // Close the connection rather than drain gigabytes we will not use.
    (res.Body as { destroy?: () => void } | undefined)?.destroy?.();
    return { tooLarge: size } as const;
  }
  if (!res.Body) throw new Error(`empty body for ${key}`);
  return { bytes: await res.Body.transformToByteArray() } as const;
};
