// The deployment files (infra/docker, infra/k8s, infra/terraform) agree with the code: they parse,
// render, probe routes that exist, run package.json scripts, set only settings the app knows, and
// grant exactly the S3 actions the code needs. No image is built and no provider is initialised here.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  envNames,
  filesUnder,
  hasCommand,
  IAM_ACTION_OF,
  type K8sObject,
  podSpec,
  policyActions,
  read,
  root,
  routeExists,
  s3CommandsInCode,
  scripts,
  yamlDocs,
} from "./deploy-files";

// Names that other branches add (role commands; timeouts and shutdown; owner/app database roles;
// proxy hops; signing keys). Remove a name from these lists once package.json / lib/env.ts has it.

const IMAGE = "weights-registry";
const known = new Set(envNames());
const isScript = (name: string) => name in scripts();

const yamlFiles = [...filesUnder("infra/docker", [".yaml", ".yml"]), ...filesUnder("infra/k8s", [".yaml", ".yml"])];
const k8sBase = filesUnder("infra/k8s/base", [".yaml"])
  .filter((f) => !f.endsWith("kustomization.yaml"))
  .flatMap((f) => yamlDocs(read(f), f) as K8sObject[]);
const byKind = (kind: string) => k8sBase.filter((o) => o.kind === kind);
const workloads = [...byKind("Deployment"), ...byKind("Job")];

type ComposeService = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  volumes?: string[];
};
const compose = yamlDocs(read("infra/docker/compose.yaml"), "compose.yaml")[0] as {
  services: Record<string, ComposeService>;
};
const appServices = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith(IMAGE));
const service = (name: string) => {
  const s = compose.services[name];
  if (!s) throw new Error(`compose.yaml has no service ${name}`);
  return s;
};
const webPod = () => {
  const web = byKind("Deployment").find((d) => d.metadata.name.endsWith("-web"));
  const spec = web && podSpec(web);
  if (!spec?.containers[0]) throw new Error("no web Deployment");
  return { spec, container: spec.containers[0] };
};
const dockerfile = read("infra/docker/Dockerfile");

describe("deployment files", () => {
  it("every YAML file parses, and the Kubernetes base has the expected kinds", () => {
    expect(yamlFiles.length).toBeGreaterThan(10);
    for (const f of yamlFiles) expect(() => yamlDocs(read(f), f), f).not.toThrow();
    expect(k8sBase.map((o) => o.kind).sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "Job",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
      ].sort(),
    );
  });

  it.skipIf(!hasCommand("kubectl"))("kubectl kustomize renders the base and the example overlay", () => {
    for (const dir of ["infra/k8s/base", "infra/k8s/overlays/example"]) {
      const out = execFileSync("kubectl", ["kustomize", path.join(root, dir)], { encoding: "utf8" });
      const kinds = yamlDocs(out, dir).map((o) => (o as K8sObject).kind);
      expect(kinds, dir).toEqual(expect.arrayContaining(["Deployment", "Job", "Ingress", "HorizontalPodAutoscaler"]));
      if (dir.endsWith("example")) expect(out).toContain("namespace: weights-registry");
    }
  });

  it("probes and the image's HEALTHCHECK point at routes that exist", () => {
    const web = webPod().container;
    expect(web.readinessProbe?.httpGet?.path).toBe("/api/health");
    expect(web.livenessProbe?.httpGet?.path).toBe("/api/health/live");
    for (const probe of [web.readinessProbe, web.livenessProbe, web.startupProbe])
      expect(routeExists(probe!.httpGet!.path), probe!.httpGet!.path).toBe(true);
    const healthcheck = dockerfile.match(/HEALTHCHECK[^\n]*\\\n[^\n]*(\/api\/[a-z/]+)/)?.[1];
    expect(healthcheck).toBe("/api/health/live");
    expect(routeExists(healthcheck!)).toBe(true);
  });

  it("the Dockerfile copies only files the build context has (none of them ignored)", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) =>
      (m[1] ?? "").trim().split(/\s+/).slice(0, -1),
    );
    expect(sources).toContain("infra/local/prisma-generate.mjs");
    for (const src of sources.filter((s) => s !== ".")) {
      expect(existsSync(path.join(root, src)), src).toBe(true);
      expect(
        ignored.filter((i) => src === i || src.startsWith(`${i}/`)),
        src,
      ).toEqual([]);
    }
    expect(existsSync(path.join(root, "infra/docker/entrypoint.sh"))).toBe(true);
  });

  it("every container command is a package.json script (the image's entrypoint runs it)", () => {
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)?.[1] ?? "[]") as string[];
    const commands = [
      cmd,
      ...workloads.flatMap((w) => podSpec(w)!.containers.map((c) => [...(c.command ?? []), ...(c.args ?? [])])),
      ...appServices.map(([, s]) => s.command ?? []),
    ];
    expect(commands.length).toBe(1 + 3 + 3);
    for (const c of commands) expect(isScript(c[0] ?? ""), c.join(" ")).toBe(true);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "registry-role"\]$/m);
    // The entrypoint execs a script's single command; `a && b` would lose node as tini's child.
    for (const [name, body] of Object.entries(scripts()))
      if (commands.some((c) => c[0] === name)) expect(body, name).not.toMatch(/[;&|]/);
  });

  it("every setting compose and Kubernetes pass is one lib/env.ts validates", () => {
    const names = new Set<string>();
    for (const [, s] of appServices) for (const k of Object.keys(s.environment ?? {})) names.add(k);
    for (const cm of byKind("ConfigMap")) for (const k of Object.keys(cm.data ?? {})) names.add(k);
    for (const w of workloads) for (const c of podSpec(w)!.containers) for (const e of c.env ?? []) names.add(e.name);
    const overlay = yamlDocs(read("infra/k8s/overlays/example/configmap-patch.yaml"), "patch")[0] as K8sObject;
    for (const k of Object.keys(overlay.data ?? {})) names.add(k);
    expect(names.size).toBeGreaterThan(15);
    expect([...names].filter((n) => !known.has(n))).toEqual([]);
  });

  it("compose: migrate once before two web replicas and a worker, behind the proxy", () => {
    expect(service("web").deploy?.replicas).toBe(2);
    expect(service("worker").deploy?.replicas).toBe(1);
    for (const role of ["web", "worker"]) {
      expect(service(role).depends_on?.migrate?.condition).toBe("service_completed_successfully");
      expect(service(role).depends_on?.["minio-init"]?.condition).toBe("service_completed_successfully");
    }
    expect(service("migrate").environment?.MIGRATION_DATABASE_URL).toMatch(/^postgres:\/\/registry:/);
    expect(service("web").environment?.DATABASE_URL).toMatch(/^postgres:\/\/registry_app:/);
    expect(service("web").environment?.TRUSTED_PROXY_HOPS).toBe("1");
    expect(read("infra/docker/nginx.conf")).toContain("proxy_add_x_forwarded_for");
    // MinIO's stand-in for infra/s3/lifecycle.json's rule, in hours.
    const lifecycle = JSON.parse(read("infra/s3/lifecycle.json")) as {
      Rules: { AbortIncompleteMultipartUpload: { DaysAfterInitiation: number } }[];
    };
    const days = lifecycle.Rules[0]?.AbortIncompleteMultipartUpload.DaysAfterInitiation;
    expect(service("minio").environment?.MINIO_API_STALE_UPLOADS_EXPIRY).toBe(`${Number(days) * 24}h`);
    for (const [name, svc] of Object.entries(compose.services))
      for (const v of svc.volumes ?? []) {
        const host = v.split(":")[0] ?? "";
        if (host.startsWith("."))
          expect(existsSync(path.join(root, "infra/docker", host)), `${name}: ${host}`).toBe(true);
      }
  });

  it("Kubernetes: non-root, read-only root with writable /tmp, drain before the kill", () => {
    const grace = Number(byKind("ConfigMap")[0]?.data?.SHUTDOWN_GRACE_SECONDS);
    for (const w of workloads) {
      const spec = podSpec(w)!;
      expect(spec.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      for (const c of spec.containers) {
        expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(
          c.volumeMounts?.map((m) => m.mountPath),
          c.name,
        ).toContain("/tmp");
      }
    }
    const { spec, container } = webPod();
    const preStop = Number(container.lifecycle?.preStop?.exec?.command[1]);
    expect(preStop).toBeGreaterThan(0);
    expect(grace).toBeGreaterThan(0);
    expect(container.volumeMounts?.map((m) => m.mountPath)).toContain("/app/.next/cache");
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + grace);
  });

  it("the IAM policy grants exactly the S3 actions of the commands the code sends", () => {
    const commands = s3CommandsInCode();
    expect(commands).toContain("GetObject");
    const unmapped = [...commands].filter((c) => !(c in IAM_ACTION_OF));
    expect(unmapped, "add these commands to IAM_ACTION_OF and the policy").toEqual([]);
    const needed = new Set([...commands].map((c) => IAM_ACTION_OF[c]));
    expect(policyActions(read("infra/terraform/aws/iam.tf"), "app")).toEqual(needed);
  });

  it("Terraform applies infra/s3's CORS and lifecycle files and blocks public access", () => {
    const s3 = read("infra/terraform/aws/s3.tf");
    for (const f of ["cors.json", "lifecycle.json"]) {
      expect(s3).toContain(`../../s3/${f}`);
      expect(existsSync(path.join(root, "infra/s3", f))).toBe(true);
    }
    for (const flag of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"])
      expect(s3).toMatch(new RegExp(`${flag}\\s+= true`));
    expect(s3).toContain("apply_server_side_encryption_by_default");
  });

  it.skipIf(!hasCommand("terraform"))("terraform fmt -check is clean", () => {
    execFileSync("terraform", ["fmt", "-check", "-recursive", path.join(root, "infra/terraform")], { stdio: "pipe" });
  });
});
