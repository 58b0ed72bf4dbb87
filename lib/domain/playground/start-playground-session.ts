import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { gateError } from "@/lib/domain/access/gate-codes";
import type { DownloadDeps } from "@/lib/domain/downloads/issue-download-url";
import { fileNotReady } from "@/lib/domain/downloads/issue-download-url";
import { loadManifestFiles } from "@/lib/domain/downloads/load-manifest-files";
import { issueSignedUrls } from "@/lib/domain/downloads/issue-signed-urls";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZDownloadMeta } from "@/lib/schemas/downloads";
import { ZOnnxInspection } from "@/lib/schemas/inspection";
import {
  ZStartPlaygroundSessionInput,
  type TPlaygroundSession,
  type TStartPlaygroundSessionInput,
} from "@/lib/schemas/playground";
import { resolveExternalData } from "./resolve-external-data";

type Meta = { ip: string | null; userAgent: string | null };

const isOnnx = (path: string) => path.toLowerCase().endsWith(".onnx");
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/**
 * Starts an in-browser playground session: the playground is a download to the browser, so it
 * goes through the same gate as any download (caller → model visible → playground on → grant →
 * license → files READY → size limit → rate limit → DownloadEvent + audit row per file, channel
 * PLAYGROUND) and returns each ONNX file's short-lived signed URL with the size and sha256 the
 * browser checks before creating a session, and the same for the external-data files the ONNX
 * files' inspections name (weights stored beside the graph), which count towards the size limit.
 * Refusals write nothing.
 */
export const startPlaygroundSession = async (
  caller: Caller | null,
  rawRef: TModelRouteParams,
  rawInput: TStartPlaygroundSessionInput | unknown,
  rawMeta: Meta,
  { limiter }: DownloadDeps = {},
): Promise<TPlaygroundSession> => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${rawRef.org}/${rawRef.name}` });
  const ref = ZModelRouteParams.parse(rawRef);
  const input = ZStartPlaygroundSessionInput.parse(rawInput);
  const meta = ZDownloadMeta.parse({ ...rawMeta, channel: "PLAYGROUND" });

  // One gate read (with the playground's switch, checked before the grant) and one read of the files.
  const gate = await loadManifestFiles(caller, ref, { revision: input.revision, playground: true });
  const { model, ready, base } = gate;
  const onnx = ready.filter((f) => isOnnx(f.path));
  if (!onnx.length) {
    const pending = base.notReady.find((f) => isOnnx(f.path));
    if (pending) throw fileNotReady(model.slug, pending.status);
    throw new AppError("NOT_FOUND", {
      userMessage: "This revision has no ONNX file to run in the browser.",
      action: `/models/${model.slug}`,
    });
  }
  // A failed or missing inspection is not an error: the generic widget can still run the model.
  const inspections = new Map(onnx.map((f) => [f.id, ZOnnxInspection.safeParse(f.inspection).data ?? null]));
  const external = resolveExternalData(model.slug, onnx, inspections, ready, base.notReady);
  // Path order, each file once (two graphs may share a data file).
  const issued = ready.filter((f) => onnx.includes(f) || external.files.includes(f));
  const total = issued.reduce((sum, f) => sum + Number(f.size), 0);
  if (total > env.PLAYGROUND_MAX_BYTES)
    throw new AppError("FILE_TOO_LARGE", {
      userMessage: `This model is too large for the in-browser playground (${mib(total)}; the limit is ${mib(env.PLAYGROUND_MAX_BYTES)}). Download it to run it locally.`,
      action: `/models/${model.slug}`,
    });

  const signed = await issueSignedUrls(caller, gate, issued, { meta, via: "playground", limiter });
  const files = signed.map(({ file: f, url, expiresAt }) => ({
    path: f.path,
    kind: onnx.some((g) => g.id === f.id) ? ("onnx" as const) : ("external-data" as const),
    size: Number(f.size),
    sha256: f.sha256,
    url,
    expiresAt,
    inspection: inspections.get(f.id) ?? null,
    externalData: external.refs.get(f.id) ?? [],
  }));
  // Built to the type, not parsed a second time: the inspections were parsed above, and this is a hot path.
  return {
    model: { ...base.model, task: gate.task },
    revision: base.revision,
    files,
    maxBytes: env.PLAYGROUND_MAX_BYTES,
  } satisfies TPlaygroundSession;
};
