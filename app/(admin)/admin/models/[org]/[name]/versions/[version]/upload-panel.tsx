"use client";
import { Alert, Button, Card, FileInput, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, modelRef } from "@/lib/client/api-client";
import { uploadFile } from "@/lib/client/multipart-upload";
import { countOf, formatBytes } from "@/lib/format";
import type { TOpenUpload } from "@/lib/schemas/uploads";
import { UploadRow, type RowState } from "./upload-row";

/** Browser uploads into a DRAFT version: straight to S3 in parts, resumable after a reload, verified by the worker. */
export const UploadPanel = ({ slug, versionName }: { slug: string; versionName: string }) => {
  const router = useRouter();
  // Memoised: loadOpen depends on it, and a new object each render would fetch the list again each render.
  const version = useMemo(() => ({ ...modelRef(slug), version: versionName }), [slug, versionName]);
  const [files, setFiles] = useState<File[]>([]);
  const [prefix, setPrefix] = useState("");
  const [sha256, setSha256] = useState("");
  const [rows, setRows] = useState<RowState[]>([]);
  const [open, setOpen] = useState<TOpenUpload[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const aborts = useRef(new Map<string, AbortController>());
  /** The server's upload id for each row once started: Cancel must end that upload, not only stop sending. */
  const uploadIds = useRef(new Map<string, string>());
  /** Tells apart two uploads of the same path and size started on this page. */
  const rowSeq = useRef(0);

  const loadOpen = useCallback(async () => {
    const r = await api("listUploads", { params: version });
    if (r.ok) setOpen(r.data.uploads);
  }, [version]);
  // The list arrives after the first paint; the rule cannot see that setOpen runs after the fetch, not during it.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => void loadOpen(), [loadOpen]);

  const patch = (key: string, change: Partial<RowState>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  /** Polls the version until the worker has verified the file, then refreshes the page's list. */
  const awaitVerification = async (key: string, path: string) => {
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const r = await api("getVersion", { params: version });
      const f = r.ok ? r.data.version.files.find((x) => x.path === path) : undefined;
      if (f && f.status !== "VERIFYING") {
        patch(
          key,
          f.status === "READY"
            ? { phase: "ready", message: "sha256 verified" }
            : { phase: "failed", message: f.failureReason ?? "verification failed" },
        );
        router.refresh();
        return;
      }
    }
  };

  const uploadOne = async (file: File) => {
    const path = [prefix.trim().replace(/^\/+|\/+$/g, ""), file.name].filter(Boolean).join("/");
    const key = `${path}:${file.size}:${++rowSeq.current}`;
    const controller = new AbortController();
    aborts.current.set(key, controller);
    setRows((rs) => [
      ...rs.filter((r) => r.path !== path),
      { key, path, size: file.size, bytesDone: 0, speed: null, phase: "hashing" },
    ]);
    // Bytes per second over the last 5 s, for hashing and then for the upload.
    let samples: [number, number][] = [];
    const speedAt = (bytes: number) => {
      const now = performance.now();
      samples.push([now, bytes]);
      while (samples.length > 2 && now - (samples[0] as [number, number])[0] > 5000) samples.shift();
      const [t0, b0] = samples[0] as [number, number];
      return now - t0 > 300 ? ((bytes - b0) / (now - t0)) * 1000 : null;
    };
    try {
      const done = await uploadFile(version, file, {
        path,
        sha256: files.length === 1 ? sha256.trim() : undefined,
        signal: controller.signal,
        onHashProgress: (bytesDone) => patch(key, { bytesDone, speed: speedAt(bytesDone) }),
        onStart: (u, resumed) => {
          uploadIds.current.set(key, u.id);
          samples = [];
          patch(key, {
            phase: "uploading",
            bytesDone: 0,
            speed: null,
            resumedParts: resumed ? u.completedParts.length : 0,
            message: undefined,
          });
        },
        onProgress: ({ bytesDone }) =>
          patch(key, {
            bytesDone,
            speed: speedAt(bytesDone),
            ...(bytesDone >= file.size ? { phase: "completing" } : {}),
          }),
      });
      patch(key, { phase: "verifying", speed: null, bytesDone: file.size, message: "checking sha256 and size" });
      router.refresh();
      void awaitVerification(key, done.file.path);
    } catch (e) {
      const id = uploadIds.current.get(key);
      if (!controller.signal.aborted) patch(key, { phase: "error", speed: null, message: (e as Error).message });
      else if (id)
        await cancel(id).then((ok) =>
          patch(key, {
            phase: ok ? "cancelled" : "error",
            speed: null,
            message: ok ? "cancelled" : "could not cancel the upload",
          }),
        );
      else patch(key, { phase: "cancelled", speed: null, message: "cancelled" });
    } finally {
      aborts.current.delete(key);
      uploadIds.current.delete(key);
      void loadOpen();
    }
  };

  const start = async () => {
    setError(null);
    setBusy(true);
    for (const f of files) await uploadOne(f);
    setBusy(false);
    setFiles([]);
  };

  /** Ends an upload on the server (S3 drops its parts); true when it is gone. */
  const cancel = async (id: string) => {
    const r = await api("abortUpload", { params: { ...version, id } });
    const gone = r.ok || r.error.code === "NOT_FOUND";
    if (!gone) setError(r.error.message);
    await loadOpen();
    router.refresh();
    return gone;
  };
  // Stops the transfer; uploadOne's catch then ends the upload on the server.
  const cancelRow = (row: RowState) => aborts.current.get(row.key)?.abort();

  return (
    <Card withBorder component="section" aria-labelledby="upload-heading" data-testid="upload-panel">
      <Stack gap="sm">
        <Title order={2} size="h4" id="upload-heading">
          Upload files
        </Title>
        <Text size="sm" c="dimmed">
          Your browser computes each file&apos;s sha256, then sends the file straight to storage in 8 MiB parts, four at
          a time. If the page is closed, choose the same file again to resume. The server checks the stored bytes
          against that sha256 before the file can be published or downloaded.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {open.length > 0 && (
          <Alert color="yellow" title="Unfinished uploads" data-testid="open-uploads">
            <Stack gap={4}>
              {open.map((u) => (
                <Group key={u.id} justify="space-between" wrap="nowrap">
                  <Text size="sm">
                    <Text span ff="monospace">
                      {u.path}
                    </Text>{" "}
                    — {u.partsDone} of {countOf(u.partCount, "part")} ({formatBytes(u.bytesDone)} of{" "}
                    {formatBytes(u.size)}). Choose the same file to resume.
                  </Text>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => void cancel(u.id)}>
                    Cancel upload
                  </Button>
                </Group>
              ))}
            </Stack>
          </Alert>
        )}
        <Group align="end" grow>
          <FileInput label="Files" placeholder="Choose files" multiple value={files} onChange={setFiles} clearable />
          <TextInput
            label="Folder in this version"
            description="Optional, e.g. onnx"
            value={prefix}
            onChange={(e) => setPrefix(e.currentTarget.value)}
          />
        </Group>
        {files.length === 1 && (
          <TextInput
            label="Expected sha256"
            description="Optional: the file is checked against it before anything is sent"
            value={sha256}
            onChange={(e) => setSha256(e.currentTarget.value)}
            maxLength={64}
          />
        )}
        <Group>
          <Button onClick={() => void start()} disabled={files.length === 0 || busy} loading={busy}>
            Upload {files.length > 1 ? `${files.length} files` : "file"}
          </Button>
        </Group>
        {rows.map((r) => (
          <UploadRow key={r.key} row={r} onCancel={() => cancelRow(r)} />
        ))}
      </Stack>
    </Card>
  );
};
