// Readers for infra/deploy.test.ts: the deployment files (Dockerfile, compose, Kubernetes, Terraform)
// and the facts of the code they must agree with (routes, scripts, settings, S3 commands).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const root = path.resolve(import.meta.dirname, "..");
export const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Every file under `dir` (relative to the repository) whose name ends with one of `exts`. */
export const filesUnder = (dir: string, exts: string[]): string[] =>
  readdirSync(path.join(root, dir)).flatMap((entry) => {
    const rel = path.join(dir, entry);
    if (statSync(path.join(root, rel)).isDirectory()) return filesUnder(rel, exts);
    return exts.some((e) => entry.endsWith(e)) ? [rel] : [];
  });

/** The documents of a YAML file (or text); throws on the first syntax error, naming the file. */
export const yamlDocs = (text: string, name: string) =>
  parseAllDocuments(text, { merge: true }).map((doc) => {
    if (doc.errors.length) throw new Error(`${name}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  });

export const hasCommand = (name: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** The settings lib/env.ts validates: the keys of createEnv's `server` block. */
export const envNames = () => {
  const source = read("lib/env.ts");
  const block = source.slice(source.indexOf("server: {"), source.indexOf("runtimeEnv:"));
  return new Set([...block.matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? ""));
};

export const scripts = () => (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

/** An App Router URL path is served when app/<path>/route.ts exists (no dynamic segments here). */
export const routeExists = (urlPath: string) =>
  ["route.ts", "route.tsx"].some((f) => existsSync(path.join(root, "app", urlPath, f)));

/** How each S3 request the SDK sends is authorised (IAM actions differ from command names). */
export const IAM_ACTION_OF: Record<string, string> = {
  GetObject: "s3:GetObject",
  HeadObject: "s3:GetObject",
  PutObject: "s3:PutObject",
  CreateMultipartUpload: "s3:PutObject",
  UploadPart: "s3:PutObject",
  // And s3:GetObject on the source, which the app holds for every object anyway.
  UploadPartCopy: "s3:PutObject",
  CompleteMultipartUpload: "s3:PutObject",
  AbortMultipartUpload: "s3:AbortMultipartUpload",
  DeleteObject: "s3:DeleteObject",
  HeadBucket: "s3:ListBucket",
  ListParts: "s3:ListMultipartUploadParts",
  ListObjectsV2: "s3:ListBucket",
};

/**
 * The S3 commands the app and the worker send or presign: every `new XCommand(` of @aws-sdk/client-s3
 * in their sources, and what lib-storage's Upload sends (PutObject, or a multipart upload it aborts
 * on failure).
 */
export const s3CommandsInCode = () => {
  const sources = ["lib", "workers", "app"]
    .flatMap((d) => filesUnder(d, [".ts", ".tsx"]))
    .filter((f) => !f.endsWith(".test.ts") && !f.startsWith("lib/testing") && !f.startsWith("lib/generated"));
  const commands = new Set<string>();
  for (const file of sources) {
    const text = read(file);
    if (!text.includes("@aws-sdk/")) continue;
    for (const m of text.matchAll(/new ([A-Z][A-Za-z0-9]*)Command\(/g)) commands.add(m[1] ?? "");
    if (/from "@aws-sdk\/lib-storage"/.test(text) && /new Upload\(/.test(text))
      for (const c of [
        "PutObject",
        "CreateMultipartUpload",
        "UploadPart",
        "CompleteMultipartUpload",
        "AbortMultipartUpload",
      ])
        commands.add(c);
  }
  return commands;
};

/** The actions of one `data "aws_iam_policy_document" "<name>"` block of a Terraform file. */
export const policyActions = (tf: string, name: string) => {
  const start = tf.indexOf(`data "aws_iam_policy_document" "${name}"`);
  if (start === -1) throw new Error(`no policy document ${name}`);
  const next = tf.indexOf("\nresource ", start);
  const block = tf.slice(start, next === -1 ? undefined : next);
  return new Set([...block.matchAll(/"(s3:[A-Za-z*]+)"/g)].map((m) => m[1]));
};

type Container = {
  name: string;
  args?: string[];
  command?: string[];
  env?: { name: string }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  startupProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { mountPath: string }[];
};
export type PodSpec = {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
};
export type K8sObject = {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec: PodSpec } };
};

/** The pod spec of a Deployment or Job. */
export const podSpec = (o: K8sObject) => o.spec?.template?.spec;
