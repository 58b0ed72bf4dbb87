"use client";
import { Alert } from "@mantine/core";
import { readCharModel } from "@/lib/playground/char-lm";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import type { TPlaygroundFile } from "@/lib/schemas/playground";
import type { Perf } from "./performance-panel";
import { TensorWidget } from "./tensor-widget";
import { TextGeneration } from "./text-generation";

type Props = { task: string; file: TPlaygroundFile; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };

/** The widget the model's task and metadata call for; any other model gets the generic tensor widget. */
export const TaskWidget = ({ task, file, worker, onRun }: Props) => {
  const isText = task === "text-generation" || file.inspection?.metadata.task === "text-generation";
  if (isText) {
    const model = readCharModel(file.inspection);
    if ("error" in model) return <Alert color="yellow">{model.error}</Alert>;
    return <TextGeneration model={model} worker={worker} onRun={onRun} />;
  }
  if (!file.inspection) return <Alert color="yellow">This model file has not been inspected yet, so its inputs are unknown.</Alert>;
  return <TensorWidget inputs={file.inspection.inputs} outputs={file.inspection.outputs} worker={worker} onRun={onRun} />;
};
