"use client";
import { Alert, Card, Code, Stack, Text } from "@mantine/core";
import { readCharModel } from "@/lib/playground/char-lm";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import type { TPlaygroundFile } from "@/lib/schemas/playground";
import type { Perf } from "./performance-panel";
import { TextGeneration } from "./text-generation";

type Props = { task: string; file: TPlaygroundFile; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };

/** The widget the model's task and metadata call for; other models show their inputs and outputs for now. */
export const TaskWidget = ({ task, file, worker, onRun }: Props) => {
  const isText = task === "text-generation" || file.inspection?.metadata.task === "text-generation";
  if (isText) {
    const model = readCharModel(file.inspection);
    if ("error" in model) return <Alert color="yellow">{model.error}</Alert>;
    return <TextGeneration model={model} worker={worker} onRun={onRun} />;
  }
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text size="sm">The model is loaded. A widget for “{task}” comes in a later release; its graph takes:</Text>
        {(file.inspection?.inputs ?? []).map((v) => (
          <Code key={`in-${v.name}`}>
            in {v.name}: {v.type} [{(v.shape ?? []).map((d) => d ?? "?").join(", ")}]
          </Code>
        ))}
        {(file.inspection?.outputs ?? []).map((v) => (
          <Code key={`out-${v.name}`}>
            out {v.name}: {v.type} [{(v.shape ?? []).map((d) => d ?? "?").join(", ")}]
          </Code>
        ))}
      </Stack>
    </Card>
  );
};
