"use client";
import { Alert, Anchor, Badge, Button, Card, Group, List, Progress, Stack, Switch, Text } from "@mantine/core";
import { useLocalStorage, useMounted } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api-client";
import type { ApiError } from "@/lib/client/call-api";
import { createOrtWorker, type OrtWorker } from "@/lib/playground/create-ort-worker";
import { loadModelFile } from "@/lib/playground/load-model-file";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import { formatBytes } from "@/lib/format";
import type { TPlaygroundFile, TPlaygroundSession } from "@/lib/schemas/playground";
import { CachedModels } from "./cached-models";
import { PerformancePanel, type Perf } from "./performance-panel";
import { isTextGeneration, TaskWidget } from "./task-widget";

type Loaded = Extract<WorkerResponse, { type: "loaded" }>;
type Phase = "idle" | "starting" | "preparing" | "loading" | "ready" | "error";

// User Timing marks of a load's phases: DevTools' Performance panel shows them, and bench:playground
// reads them to tell where a visit's wait goes.
const mark = (phase: "start" | "gate" | "bytes" | "ready") => performance.mark(`playground:${phase}`);

const backendLabel = { webgpu: "WebGPU", wasm: "WASM (CPU)" } as const;

/** The graph the session is created from: `model.onnx` when there is one, else the first ONNX file. */
const mainFile = (files: TPlaygroundFile[]) => {
  const graphs = files.filter((f) => f.kind === "onnx");
  return graphs.find((f) => /(^|\/)model\.onnx$/i.test(f.path)) ?? graphs[0] ?? files[0]!;
};

export const Playground = ({ org, name, task }: { org: string; name: string; task: string }) => {
  const [phase, setPhase] = useState<Phase>("idle");
  // Kept in the browser: who forced WASM once (a GPU that misbehaves) wants it on the next visit too,
  // and the worker prepared while the page shows is then the right one from the start.
  const [forceWasm, setForceWasm] = useLocalStorage({ key: "playground-force-wasm", defaultValue: false });
  const [error, setError] = useState<ApiError | null>(null);
  const [session, setSession] = useState<TPlaygroundSession | null>(null);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [runtime, setRuntime] = useState<Loaded | null>(null);
  const [perf, setPerf] = useState<Perf | null>(null);
  const [cacheVersion, setCacheVersion] = useState(0);
  // The worker holding the loaded model, and a spare one prepared for the current "Force WASM" setting
  // (ORT imported, its WASM compiled) while the user reads the page; each remembers the setting it was made for.
  const worker = useRef<{ w: OrtWorker; forceWasm: boolean } | null>(null);
  const spare = useRef<{ w: OrtWorker; forceWasm: boolean } | null>(null);
  // The worker the task widget drives, once its model is loaded (state, so rendering never reads the ref).
  const [readyWorker, setReadyWorker] = useState<OrtWorker | null>(null);
  // Until React has hydrated, a click on "Load model" would do nothing: keep it disabled till then.
  const mounted = useMounted();

  useEffect(() => {
    // Not before mount: the stored setting is read in an effect, and a worker started for the default
    // would be thrown away at once.
    if (!mounted) return;
    // The loaded model's worker already runs this setting's build; otherwise have one ready for the click.
    if (worker.current?.forceWasm === forceWasm || spare.current?.forceWasm === forceWasm) return;
    spare.current?.w.terminate();
    const w = createOrtWorker();
    w.send({ type: "prepare", forceWasm });
    spare.current = { w, forceWasm };
  }, [forceWasm, mounted]);
  useEffect(
    () => () => {
      worker.current?.w.terminate();
      spare.current?.w.terminate();
      worker.current = spare.current = null;
    },
    [],
  );
  /** The worker for this load: the loaded one when its build fits, else the prepared spare, else a new one. */
  const takeWorker = () => {
    if (worker.current?.forceWasm === forceWasm) return worker.current.w;
    worker.current?.w.terminate();
    const taken = spare.current?.forceWasm === forceWasm ? spare.current.w : null;
    if (!taken) spare.current?.w.terminate();
    spare.current = null;
    const w = taken ?? createOrtWorker();
    if (!taken) w.send({ type: "prepare", forceWasm });
    worker.current = { w, forceWasm };
    return w;
  };
  // A fingerprinted model's first session waits while the caller's marked copy is made: count down, then ask again.
  const [retryIn, setRetryIn] = useState<number | null>(null);
  const startRef = useRef<() => Promise<void>>(async () => undefined);
  useEffect(() => {
    if (phase !== "preparing" || retryIn === null) return;
    if (retryIn <= 0) return void startRef.current();
    const t = setTimeout(() => setRetryIn((s) => (s === null ? null : s - 1)), 1000);
    return () => clearTimeout(t);
  }, [phase, retryIn]);

  const start = async () => {
    setReadyWorker(null);
    setError(null);
    setRuntime(null);
    setPerf(null);
    setPhase("starting");
    mark("start");
    // Each start passes the download gate again and is recorded, whatever the browser has cached.
    const res = await api("startPlaygroundSession", { params: { org, name }, body: {} });
    if (!res.ok && res.error.code === "COPY_PREPARING") {
      setRetryIn(res.error.retryAfterSeconds ?? 15);
      return setPhase("preparing");
    }
    setRetryIn(null);
    mark("gate");
    if (!res.ok) return void (setError(res.error), setPhase("error"));
    const s = res.data;
    setSession(s);
    setPhase("loading");
    try {
      const main = mainFile(s.files);
      // Every file, external-data ones included, is checked against its sha256 and cached alike; side by side.
      const files = await Promise.all(
        s.files.map((f) => loadModelFile(f, s.model.slug, (n) => setProgress((p) => ({ ...p, [f.path]: n })))),
      );
      const bytes = new Map(s.files.map((f, i) => [f.path, files[i]!.bytes]));
      const totals = {
        downloadedBytes: files.reduce((sum, f) => sum + f.downloadedBytes, 0),
        // Side by side, the wait is the longest download, not their sum.
        downloadMs: Math.max(0, ...files.map((f) => f.downloadMs)),
        fromCache: files.every((f) => f.fromCache),
      };
      mark("bytes");
      const mainBytes = bytes.get(main.path)!;
      // ORT finds a graph's external weights under the location the graph names, not the revision path.
      const externalData = main.externalData.map((e) => ({ path: e.location, data: bytes.get(e.path)! }));
      // The "cached models" list catches up once the writes, which the load does not wait for, are done.
      void Promise.all(files.map((f) => f.stored)).then(() => setCacheVersion((v) => v + 1));
      const w = takeWorker();
      const needsF16 = [...(main.inspection?.inputs ?? []), ...(main.inspection?.outputs ?? [])].some((v) =>
        v.type.includes("float16"),
      );
      const ready = w.next((r): r is Loaded => r.type === "loaded");
      w.send({ type: "load", bytes: mainBytes, externalData, forceWasm, needsF16 }, [
        mainBytes,
        ...externalData.map((e) => e.data),
      ]);
      const loaded = await ready;
      mark("ready");
      setRuntime(loaded);
      setPerf({ ...totals, sessionMs: loaded.sessionMs });
      setReadyWorker(w);
      setPhase("ready");
    } catch (e) {
      setError({ code: "PLAYGROUND_LOAD_FAILED", message: e instanceof Error ? e.message : String(e) });
      setPhase("error");
    }
  };

  useEffect(() => {
    startRef.current = start;
  });

  const busy = phase === "starting" || phase === "loading" || phase === "preparing";
  return (
    <Stack gap="md">
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Switch
              label="Force WASM (skip WebGPU)"
              checked={forceWasm}
              onChange={(e) => setForceWasm(e.currentTarget.checked)}
              disabled={busy || !mounted}
              data-testid="force-wasm"
            />
            <Button onClick={start} loading={busy} disabled={!mounted} data-testid="load-model">
              {phase === "ready" ? "Reload model" : "Load model"}
            </Button>
          </Group>
          {session?.files.map((f) => {
            const loaded = progress[f.path] ?? 0;
            return (
              <div key={f.path}>
                <Text size="sm">
                  {f.path}: {formatBytes(loaded)} of {formatBytes(f.size)}
                </Text>
                <Progress value={f.size ? (loaded / f.size) * 100 : 100} aria-label={`Download of ${f.path}`} />
              </div>
            );
          })}
          {phase === "preparing" && (
            <Alert color="grape" title="Preparing your copy" data-testid="copy-preparing">
              <Stack gap="xs">
                <Text size="sm">
                  This model gives each grantee an individually marked copy, and yours is being made now (once per
                  version). The playground tries again {retryIn ? `in ${retryIn} s` : "now"}.
                </Text>
                <Group>
                  <Button size="xs" variant="light" onClick={() => void start()} data-testid="copy-retry">
                    Try again now
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {error && (
            <Alert
              color="red"
              title="The model could not be started"
              data-testid="playground-error"
              data-code={error.code}
            >
              <Text size="sm">{error.message}</Text>
              {error.action && (
                <Anchor href={error.action} size="sm">
                  Next step
                </Anchor>
              )}
            </Alert>
          )}
          {runtime && <RuntimeInfo runtime={runtime} />}
        </Stack>
      </Card>
      {phase === "ready" && session && readyWorker && (
        <TaskWidget
          task={task}
          file={mainFile(session.files)}
          worker={readyWorker}
          onRun={(run) => setPerf((p) => (p ? { ...p, ...run } : p))}
        />
      )}
      {perf && (
        <PerformancePanel perf={perf} tokens={isTextGeneration(task, session ? mainFile(session.files) : undefined)} />
      )}
      <CachedModels version={cacheVersion} />
    </Stack>
  );
};

const RuntimeInfo = ({ runtime }: { runtime: Loaded }) => (
  <Stack gap={4} data-testid="backend" data-backend={runtime.backend}>
    <Group gap="xs">
      <Text size="sm">Running on</Text>
      <Badge color={runtime.backend === "webgpu" ? "teal" : "blue"}>{backendLabel[runtime.backend]}</Badge>
      {runtime.adapter && (
        <Text size="xs" c="dimmed">
          {runtime.adapter}
        </Text>
      )}
    </Group>
    <List size="sm">
      {runtime.skipped && (
        <List.Item data-testid="webgpu-skipped" data-reason={runtime.skipped.reason}>
          Not WebGPU: {runtime.skipped.detail}
        </List.Item>
      )}
      <List.Item data-testid="threads">
        {runtime.crossOriginIsolated
          ? `WASM threads: ${runtime.threads} (the page is cross-origin isolated).`
          : "WASM threads: 1 — the page is not cross-origin isolated, so multi-threading is off."}
      </List.Item>
    </List>
  </Stack>
);
