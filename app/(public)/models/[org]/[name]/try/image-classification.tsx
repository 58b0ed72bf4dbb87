"use client";
import { Alert, Card, FileInput, Group, Image, Progress, Stack, Text, Title } from "@mantine/core";
import { useRef, useState } from "react";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import { describeFit, type ImageSpec } from "@/lib/playground/image-preprocess";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import type { Perf } from "./performance-panel";

type Classified = Extract<WorkerResponse, { type: "classified" }>;
type Props = {
  spec: ImageSpec;
  inputName: string;
  outputName: string;
  worker: OrtWorker;
  onRun: (run: Partial<Perf>) => void;
};

/** Upload (or drop on the field) an image; the worker resizes and normalises it as the model expects, and returns the labels' scores. */
export const ImageClassification = ({ spec, inputName, outputName, worker, onRun }: Props) => {
  const [preview, setPreview] = useState<string | null>(null);
  const [result, setResult] = useState<Classified | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = useRef(0);
  const times = useRef<number[]>([]);

  const classify = async (file: File | null) => {
    setResult(null);
    setError(null);
    if (preview) URL.revokeObjectURL(preview);
    setPreview(file ? URL.createObjectURL(file) : null);
    if (!file) return;
    try {
      const image = await createImageBitmap(file);
      const id = ++runId.current;
      const done = worker.next((r): r is Classified => r.type === "classified" && r.id === id);
      worker.send({ type: "classify-image", id, image, spec, inputName, outputName }, [image]);
      const r = await done;
      setResult(r);
      times.current.push(r.ms);
      onRun({
        firstRunMs: times.current[0],
        meanRunMs: times.current.reduce((a, b) => a + b, 0) / times.current.length,
      });
    } catch (e) {
      setError(`This image could not be classified: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const best = result ? result.scores.reduce((a, b) => (b.score > a.score ? b : a)) : null;
  return (
    <Card withBorder aria-label="Image classification">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Image classification
        </Title>
        <Text size="sm" c="dimmed">
          The model reads {spec.width}×{spec.height} px. The image is scaled to {spec.height} px high and normalised in
          the worker, as the model was trained; a wider image is cropped to the model&apos;s aspect, never squeezed.
        </Text>
        <FileInput
          label="Image of a text line"
          placeholder="Choose or drop an image"
          accept="image/*"
          clearable
          onChange={(f) => void classify(f)}
          data-testid="image-input"
        />
        {preview && <Image src={preview} alt="The image being classified" mah={120} fit="contain" w="auto" />}
        {error && <Alert color="red">{error}</Alert>}
        {result && (
          <Text size="sm" data-testid="image-fit" data-mode={result.fit.mode}>
            {describeFit(result.fit, spec)}
          </Text>
        )}
        {result && best && (
          <Stack gap={6} data-testid="image-result" data-label={best.label} data-score={best.score}>
            {result.scores.map((s) => (
              <div key={s.label}>
                <Group justify="space-between">
                  <Text size="sm" fw={s === best ? 700 : 400}>
                    {s.label}
                  </Text>
                  <Text size="sm">{(s.score * 100).toFixed(1)} %</Text>
                </Group>
                <Progress value={s.score * 100} aria-label={`Score of ${s.label}`} />
              </div>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
};
