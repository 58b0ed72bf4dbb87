"use client";
import { Alert, Button, Card, FileInput, Group, Progress, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { formatBytes } from "@/lib/format";
import { ZTraceResult, type TTraceResult } from "@/lib/schemas/fingerprint";
import { TraceResultCard } from "./trace-result";

type Upload = { loaded: number; total: number };

/**
 * POSTs the file as the raw body with XMLHttpRequest, which reports upload progress (fetch does
 * not); weights take a while to send, and the trace a while after that.
 */
const upload = (file: File, onProgress: (u: Upload) => void) =>
  new Promise<{ status: number; body: unknown }>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/admin/fingerprints/traces?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below from the status
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: null });
    xhr.send(file);
  });

export const TraceForm = ({ maxBytes }: { maxBytes: number }) => {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Upload | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "tracing">("idle");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TTraceResult | null>(null);

  const choose = (f: File | null) => {
    setFile(f);
    setResult(null);
    setError(
      f && f.size > maxBytes ? `This file is ${formatBytes(f.size)}; the limit is ${formatBytes(maxBytes)}.` : null,
    );
  };
  const trace = async () => {
    if (!file) return setError("Choose a file to trace.");
    setError(null);
    setResult(null);
    setPhase("uploading");
    setProgress({ loaded: 0, total: file.size });
    const res = await upload(file, (u) => {
      setProgress(u);
      if (u.loaded >= u.total) setPhase("tracing");
    });
    setPhase("idle");
    setProgress(null);
    if (res.status === 200) {
      const parsed = ZTraceResult.safeParse(res.body);
      if (parsed.success) return setResult(parsed.data);
    }
    const message = (res.body as { error?: { message?: string } } | null)?.error?.message;
    setError(
      message ??
        (res.status === 0
          ? "The upload failed: check your connection and try again."
          : `The server answered ${res.status}.`),
    );
  };

  const busy = phase !== "idle";
  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-label="Upload a suspect file">
        <Stack gap="sm">
          <FileInput
            label="Suspect file"
            description=".onnx or .safetensors, as found"
            placeholder="Choose a file"
            value={file}
            onChange={choose}
            disabled={busy}
            clearable
            data-testid="trace-file"
          />
          {progress && (
            <div>
              <Text size="sm" data-testid="trace-progress-text">
                {phase === "tracing"
                  ? "Uploaded; comparing with every marked copy…"
                  : `Uploading: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
              </Text>
              <Progress
                value={progress.total ? (progress.loaded / progress.total) * 100 : 0}
                animated={phase === "tracing"}
                aria-label="Upload progress"
                data-testid="trace-progress"
              />
            </div>
          )}
          {error && (
            <Alert color="red" role="alert" data-testid="trace-error">
              {error}
            </Alert>
          )}
          <Group>
            <Button
              onClick={trace}
              loading={busy}
              disabled={!file || (file && file.size > maxBytes)}
              data-testid="trace-submit"
            >
              Trace
            </Button>
          </Group>
        </Stack>
      </Card>
      {result && <TraceResultCard result={result} />}
    </Stack>
  );
};
