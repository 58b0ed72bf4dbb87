// Pieces of the verify benchmark: a large object streamed into the store without holding it in
// memory, a process's resident memory sampled from /proc, and the `curl | openssl` baseline.
import { spawn } from "node:child_process";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

const CHUNK = 1024 * 1024;
export const MiB = CHUNK;

/**
 * Streams `size` pseudo-random bytes (an AES-256-CTR keystream: incompressible, cheap to make) into
 * `key` with a multipart upload, and returns their sha256. Memory stays at a few parts.
 */
export const putRandomObject = async ({
  s3,
  bucket,
  key,
  size,
}: {
  s3: S3Client;
  bucket: string;
  key: string;
  size: number;
}) => {
  const cipher = createCipheriv("aes-256-ctr", randomBytes(32), randomBytes(16));
  const zeros = Buffer.alloc(CHUNK);
  const hash = createHash("sha256");
  async function* chunks() {
    for (let sent = 0; sent < size; sent += CHUNK) {
      const c = cipher.update(zeros.subarray(0, Math.min(CHUNK, size - sent)));
      hash.update(c);
      yield c;
    }
  }
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: Readable.from(chunks()) },
    partSize: 16 * CHUNK,
    queueSize: 2,
  }).done();
  return hash.digest("hex");
};

/** VmRSS (current) and VmHWM (peak since start) of a process, in bytes, from /proc (Linux). */
export const readRss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
};

/** Samples a process's RSS every `everyMs` until stopped; returns the largest value seen. */
export const sampleRss = (pid: number, everyMs = 20) => {
  let peak = readRss(pid).rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readRss(pid).rss);
    } catch {
      // the process is gone
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
};

/**
 * The baseline: `curl -s <url> | openssl dgst -sha256`, timed from spawn to exit. The URL is passed
 * in the environment, not the command line (it is a bearer credential). Returns seconds and the hash printed.
 */
export const timeCurlOpenssl = (url: string) =>
  new Promise<{ seconds: number; sha256: string }>((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "production", URL: url };
    const child = spawn("sh", ["-c", 'curl -sf "$URL" | openssl dgst -sha256'], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const sha256 = /([0-9a-f]{64})\s*$/.exec(out.trim())?.[1];
      if (code !== 0 || !sha256) reject(new Error(`curl | openssl failed (exit ${code}): ${out}`));
      else resolve({ seconds, sha256 });
    });
  });

export const mbps = (bytes: number, seconds: number) => `${(bytes / seconds / 1e6).toFixed(0)} MB/s`;
export const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
