"use client";
import { Button, Card, Checkbox, Group, NumberInput, Slider, Stack, Text, Textarea, Title } from "@mantine/core";
import { useRef, useState } from "react";
import type { CharModel, Strategy } from "@/lib/playground/char-lm";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import type { Perf } from "./performance-panel";

type Done = Extract<WorkerResponse, { type: "done" }>;
type Props = { model: CharModel; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };

/** Prompt → characters streamed from the worker as the model produces them. */
export const TextGeneration = ({ model, worker, onRun }: Props) => {
  const [prompt, setPrompt] = useState("The old man said");
  const [temperature, setTemperature] = useState(0.8);
  const [topK, setTopK] = useState<number | string>(8);
  const [maxTokens, setMaxTokens] = useState<number | string>(120);
  const [greedy, setGreedy] = useState(false);
  const [output, setOutput] = useState("");
  const [running, setRunning] = useState(false);
  const [stats, setStats] = useState<Done | null>(null);
  const runId = useRef(0);

  const run = async () => {
    const id = ++runId.current;
    const strategy: Strategy = greedy
      ? { kind: "greedy" }
      : { kind: "top-k", k: Math.max(1, Number(topK) || 1), temperature, seed: Math.floor(Math.random() * 2 ** 31) };
    setOutput("");
    setStats(null);
    setRunning(true);
    const off = worker.onMessage((r) => {
      if (r.type === "token" && r.id === id) setOutput((o) => o + r.text);
    });
    // Both listeners are attached before the request goes out, so no token is missed.
    const finished = worker.next((r): r is Done => r.type === "done" && r.id === id);
    worker.send({
      type: "generate",
      id,
      model,
      prompt,
      length: Math.min(2000, Math.max(1, Number(maxTokens) || 1)),
      strategy,
    });
    try {
      const done = await finished;
      setStats(done);
      onRun({ firstRunMs: done.firstRunMs, meanRunMs: done.meanRunMs, tokensPerSecond: done.tokensPerSecond });
    } catch (e) {
      setOutput((o) => `${o}\n[stopped: ${e instanceof Error ? e.message : String(e)}]`);
    } finally {
      off();
      setRunning(false);
    }
  };

  return (
    <Card withBorder aria-label="Text generation">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Text generation
        </Title>
        <Textarea
          label="Prompt"
          value={prompt}
          onChange={(e) => setPrompt(e.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="prompt"
        />
        <Group grow align="flex-end">
          <div>
            <Text size="sm" id="temperature-label">
              Temperature {temperature.toFixed(2)}
            </Text>
            <Slider
              aria-labelledby="temperature-label"
              min={0.1}
              max={2}
              step={0.05}
              value={temperature}
              onChange={setTemperature}
              disabled={greedy}
            />
          </div>
          <NumberInput
            label="Top-k"
            min={1}
            max={model.chars.length}
            value={topK}
            onChange={setTopK}
            disabled={greedy}
          />
          <NumberInput
            label="Max tokens"
            min={1}
            max={2000}
            value={maxTokens}
            onChange={setMaxTokens}
            data-testid="max-tokens"
          />
        </Group>
        <Checkbox
          label="Greedy (always the most likely next character)"
          checked={greedy}
          onChange={(e) => setGreedy(e.currentTarget.checked)}
          data-testid="greedy"
        />
        <Group>
          <Button onClick={() => void run()} loading={running} data-testid="generate">
            Generate
          </Button>
          {stats && (
            <Text size="sm" c="dimmed" data-testid="tokens-per-second">
              {stats.runs} tokens, {stats.tokensPerSecond.toFixed(1)} tokens/s
            </Text>
          )}
        </Group>
        <Text
          component="pre"
          ff="monospace"
          size="sm"
          style={{ whiteSpace: "pre-wrap", minHeight: "4em" }}
          aria-label="Generated text"
          aria-live="polite"
          data-testid="generated"
          data-done={stats ? "true" : "false"}
        >
          <b>{prompt}</b>
          {output}
        </Text>
      </Stack>
    </Card>
  );
};
