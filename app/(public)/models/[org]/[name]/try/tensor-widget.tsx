"use client";
import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useRef, useState } from "react";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import { freeDims, jsonFeeds, packFeeds, randomFeeds, type Feed } from "@/lib/playground/tensor-feeds";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import type { TOnnxValue } from "@/lib/schemas/inspection";
import type { Perf } from "./performance-panel";

type Outputs = Extract<WorkerResponse, { type: "outputs" }>;
type Props = { inputs: TOnnxValue[]; outputs: TOnnxValue[]; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };

const shapeOf = (v: TOnnxValue) => `[${(v.shape ?? []).map((d) => d ?? "?").join(", ")}]`;
const wrap = { whiteSpace: "pre-wrap", overflowWrap: "anywhere" } as const;
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(5));

/** Any ONNX model: its inputs and outputs with types and shapes; a run on random or JSON input, outputs as tensors. */
export const TensorWidget = ({ inputs, outputs, worker, onRun }: Props) => {
  const dims = freeDims(inputs);
  const [sizes, setSizes] = useState<Record<string, number | string>>(Object.fromEntries(dims.map((d) => [d, 1])));
  const [mode, setMode] = useState<"random" | "json">("random");
  const [json, setJson] = useState(() => JSON.stringify(Object.fromEntries(inputs.map((v) => [v.name, 0])), null, 2));
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Outputs | null>(null);
  const [running, setRunning] = useState(false);
  const runs = useRef<number[]>([]);
  const runId = useRef(0);

  const run = async () => {
    setError(null);
    let feeds: Feed[];
    try {
      const numeric = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Number(v) || 1]));
      feeds = mode === "random" ? randomFeeds(inputs, numeric, Date.now() % 2 ** 31) : jsonFeeds(inputs, json);
    } catch (e) {
      return setError(e instanceof Error ? e.message : String(e));
    }
    const id = ++runId.current;
    setRunning(true);
    const done = worker.next((r): r is Outputs => r.type === "outputs" && r.id === id);
    const packed = packFeeds(feeds);
    worker.send({ type: "run", id, feeds: packed.feeds }, packed.transfer);
    try {
      const r = await done;
      setResult(r);
      runs.current.push(r.ms);
      onRun({ firstRunMs: runs.current[0], meanRunMs: runs.current.reduce((a, b) => a + b, 0) / runs.current.length });
    } catch (e) {
      setError(`The model refused this input: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card withBorder aria-label="Run the model on tensors">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Inputs and outputs
        </Title>
        {inputs.map((v) => (
          <Code key={`in-${v.name}`} style={wrap}>
            in {v.name}: {v.type} {shapeOf(v)}
          </Code>
        ))}
        {outputs.map((v) => (
          <Code key={`out-${v.name}`} style={wrap}>
            out {v.name}: {v.type} {shapeOf(v)}
          </Code>
        ))}
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as "random" | "json")}
          data={[
            { label: "Random input", value: "random" },
            { label: "JSON input", value: "json" },
          ]}
          aria-label="Input source"
        />
        {mode === "random" ? (
          dims.length > 0 && (
            // A grid, and labels that wrap: long dimension names (batch_size, sequence_length…) used to run into
            // the next field's label in a row of fixed-width inputs.
            <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm" verticalSpacing="xs" data-testid="dim-sizes">
              {dims.map((d) => (
                <NumberInput
                  key={d}
                  label={`Size of ${d}`}
                  min={1}
                  max={4096}
                  value={sizes[d]}
                  onChange={(v) => setSizes((s) => ({ ...s, [d]: v }))}
                  styles={{ label: { overflowWrap: "anywhere" } }}
                />
              ))}
            </SimpleGrid>
          )
        ) : (
          <Textarea
            label="Inputs as JSON (one nested array or number per input)"
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            autosize
            minRows={4}
            ff="monospace"
            data-testid="json-input"
          />
        )}
        <Group>
          <Button onClick={() => void run()} loading={running} data-testid="run-tensors">
            Run
          </Button>
          {result && <Text size="sm" c="dimmed">{`${result.ms.toFixed(2)} ms`}</Text>}
        </Group>
        {error && (
          <Alert color="red" data-testid="tensor-error">
            {error}
          </Alert>
        )}
        {result?.outputs.map((o) => (
          <div key={o.name} data-testid="tensor-output" data-name={o.name}>
            <Text size="sm" fw={600}>
              {o.name}: {o.type} [{o.dims.join(", ")}] ({o.size} values)
            </Text>
            <Code block>
              {o.preview.map(fmt).join(", ")}
              {o.size > o.preview.length ? ", …" : ""}
            </Code>
          </div>
        ))}
      </Stack>
    </Card>
  );
};
