import { mkdirSync } from "node:fs";
import S3rver from "s3rver";
import { shippedAbortRules, sweepAbandonedUploads } from "./s3-lifecycle";
import { addMultipartAbort, uploadsDir } from "./s3-multipart";
import { addSignatureCheck } from "./s3-sigv4";
import { StackError } from "./stack-error";

export const LOCAL_S3_KEY = "S3RVER";
export const LOCAL_S3_SECRET = "S3RVER";

/**
 * The bucket's CORS rule: the app origin may GET/PUT/HEAD (Range downloads, multipart part
 * uploads from the browser) and read the headers a resumable client needs.
 */
export const corsXml = (origin: string) => `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule>
    <AllowedOrigin>${origin}</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>Content-Length</ExposeHeader>
    <ExposeHeader>Content-Range</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** s3rver: the S3 protocol on 127.0.0.1, objects stored as files under `dir`. */
export const startS3 = async ({
  dir,
  port,
  bucket,
  origin,
}: {
  dir: string;
  port: number;
  bucket: string;
  origin: string;
}) => {
  mkdirSync(dir, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    directory: dir,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [corsXml(origin)] }],
  });
  addMultipartAbort(server);
  // Only the app's key pair, signed as S3 checks it (s3rver itself does not check SigV4).
  addSignatureCheck(server, { accessKeyId: LOCAL_S3_KEY, secretAccessKey: LOCAL_S3_SECRET });
  try {
    await server.run();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new StackError(`Port ${port} for the embedded S3 server is already in use. Set S3_PORT to a free port.`);
    throw e;
  }
  // The bucket's lifecycle rule, as S3 would run it: now, then hourly.
  const rules = shippedAbortRules();
  const sweep = (now?: number) => sweepAbandonedUploads(uploadsDir(server, bucket), rules, now);
  const sweeping = setInterval(() => void sweep().catch(() => {}), 60 * 60 * 1000).unref();
  await sweep();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sweep,
    stop: () => (clearInterval(sweeping), server.close()),
  };
};
