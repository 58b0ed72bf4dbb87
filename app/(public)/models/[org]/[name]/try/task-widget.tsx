"use client";
import { Alert } from "@mantine/core";
import { readCharModel } from "@/lib/playground/char-lm";
import { readImageSpec } from "@/lib/playground/image-preprocess";
import { readVadSpec } from "@/lib/playground/vad";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import type { TPlaygroundFile } from "@/lib/schemas/playground";
import { ImageClassification } from "./image-classification";
import type { Perf } from "./performance-panel";
import { TensorWidget } from "./tensor-widget";
import { TextGeneration } from "./text-generation";
import { VoiceActivity } from "./voice-activity";

type Props = { task: string; file: TPlaygroundFile; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };

/** Text generation, by the model's task or the file's own metadata: the only task measured in tokens. */
export const isTextGeneration = (task: string, file: TPlaygroundFile | undefined) =>
  task === "text-generation" || file?.inspection?.metadata.task === "text-generation";

/** The widget the model's task and metadata call for; any other model gets the generic tensor widget. */
export const TaskWidget = ({ task, file, worker, onRun }: Props) => {
  if (isTextGeneration(task, file)) {
    const model = readCharModel(file.inspection);
    if ("error" in model) return <Alert color="yellow">{model.error}</Alert>;
    return <TextGeneration model={model} worker={worker} onRun={onRun} />;
  }
  if (!file.inspection)
    return <Alert color="yellow">This model file has not been inspected yet, so its inputs are unknown.</Alert>;
  const { inputs, outputs, metadata } = file.inspection;
  if (task === "voice-activity-detection") {
    const vad = readVadSpec(file.inspection);
    return (
      <>
        {"error" in vad ? (
          <Alert color="yellow">{vad.error}</Alert>
        ) : (
          <VoiceActivity spec={vad} worker={worker} onRun={onRun} />
        )}
        <TensorWidget inputs={inputs} outputs={outputs} worker={worker} onRun={onRun} />
      </>
    );
  }
  const image = task === "image-classification" ? readImageSpec(inputs, outputs, metadata) : null;
  if (image && inputs[0] && outputs[0])
    return (
      <>
        <ImageClassification
          spec={image}
          inputName={inputs[0].name}
          outputName={outputs[0].name}
          worker={worker}
          onRun={onRun}
        />
        <TensorWidget inputs={inputs} outputs={outputs} worker={worker} onRun={onRun} />
      </>
    );
  return (
    <TensorWidget inputs={file.inspection.inputs} outputs={file.inspection.outputs} worker={worker} onRun={onRun} />
  );
};
