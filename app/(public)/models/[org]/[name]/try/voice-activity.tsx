"use client";
import { Alert, Card, FileInput, List, Loader, Group, Stack, Text, Title } from "@mantine/core";
import { useMemo, useRef, useState } from "react";
import { decodeToVadSamples, waveformPeaks } from "@/lib/playground/audio";
import type { OrtWorker } from "@/lib/playground/create-ort-worker";
import { DEFAULT_VAD_OPTIONS, VAD_SAMPLE_RATE, speechSegments, type VadSpec } from "@/lib/playground/vad";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import type { Perf } from "./performance-panel";
import { VoiceRecorder } from "./voice-recorder";
import { VoiceSettings, effectiveOptions } from "./voice-settings";
import { VoiceWaveform } from "./voice-waveform";

type Voice = Extract<WorkerResponse, { type: "voice" }>;
type Props = { spec: VadSpec; worker: OrtWorker; onRun: (run: Partial<Perf>) => void };
type Audio = { name: string; peaks: { min: number; max: number }[]; samples: number };

/** Columns of the waveform: enough for a wide screen, few enough for a light SVG. */
const COLUMNS = 800;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

/**
 * Voice activity detection: an uploaded file or a microphone recording, decoded and resampled to
 * 16 kHz mono in the page, scored chunk by chunk in the worker; the speech segments are drawn over
 * the waveform and listed.
 */
export const VoiceActivity = ({ spec, worker, onRun }: Props) => {
  const [audio, setAudio] = useState<Audio | null>(null);
  const [result, setResult] = useState<Voice | null>(null);
  const [options, setOptions] = useState(DEFAULT_VAD_OPTIONS);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = useRef(0);
  const stats = useRef({ firstChunkMs: undefined as number | undefined, chunks: 0, ms: 0 });

  const applied = useMemo(() => effectiveOptions(options), [options]);
  const segments = useMemo(
    () => (result && audio ? speechSegments(result.probabilities, audio.samples, applied) : []),
    [result, audio, applied],
  );

  const analyse = async (name: string, bytes: Promise<ArrayBuffer>) => {
    const id = ++runId.current;
    setError(null);
    setResult(null);
    setAudio(null);
    try {
      setBusy("Decoding and resampling to 16 kHz…");
      const samples = await decodeToVadSamples(await bytes);
      if (!samples.length) throw new Error("This audio is empty.");
      setAudio({ name, peaks: waveformPeaks(samples, COLUMNS), samples: samples.length });
      setBusy("Detecting speech…");
      const done = worker.next((r): r is Voice => r.type === "voice" && r.id === id);
      // The samples move to the worker (no copy); the page keeps only the waveform's peaks.
      worker.send({ type: "detect-voice", id, samples, spec, options: applied }, [samples.buffer]);
      const r = await done;
      if (id !== runId.current) return;
      setResult(r);
      const st = stats.current;
      st.firstChunkMs ??= r.firstChunkMs;
      st.chunks += r.chunks;
      st.ms += r.meanChunkMs * r.chunks;
      onRun({ firstRunMs: st.firstChunkMs, meanRunMs: st.chunks ? st.ms / st.chunks : undefined });
    } catch (e) {
      if (id === runId.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (id === runId.current) setBusy(null);
    }
  };

  const duration = audio ? audio.samples / VAD_SAMPLE_RATE : 0;
  return (
    <Card withBorder aria-label="Voice activity detection">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Voice activity detection
        </Title>
        <Text size="sm" c="dimmed">
          Upload a recording (WAV, or any format this browser plays) or record from the microphone. It is resampled to
          16 kHz mono here, and the model scores it in chunks of 32 ms; nothing leaves your browser.
        </Text>
        <FileInput
          label="Audio file"
          placeholder="Choose an audio file"
          accept="audio/*,.wav"
          clearable
          disabled={busy !== null}
          onChange={(f) => f && void analyse(f.name, f.arrayBuffer())}
          data-testid="vad-file"
        />
        <VoiceRecorder
          disabled={busy !== null}
          onRecorded={(blob) => void analyse("the recording", blob.arrayBuffer())}
        />
        <VoiceSettings options={options} onChange={setOptions} />
        {busy && (
          <Group gap="xs" aria-live="polite">
            <Loader size="xs" />
            <Text size="sm">{busy}</Text>
          </Group>
        )}
        {error && (
          <Alert color="red" data-testid="vad-error">
            {error}
          </Alert>
        )}
        {audio && (
          <VoiceWaveform
            name={audio.name}
            peaks={audio.peaks}
            duration={duration}
            probabilities={result?.probabilities ?? null}
            threshold={applied.positiveThreshold}
            segments={segments}
          />
        )}
        {result && audio && (
          <Stack gap={4} data-testid="vad-result" data-duration={duration} data-chunks={result.chunks}>
            <Text size="xs" c="dimmed">
              Shaded: speech. Orange line: the model&apos;s speech probability per chunk; dashed: the speech threshold.
            </Text>
            <Text size="sm" c="dimmed">
              {result.chunks} chunks ({s(duration)}) scored in {result.ms.toFixed(0)} ms,{" "}
              {result.meanChunkMs.toFixed(2)} ms per chunk.
            </Text>
            {segments.length === 0 ? (
              <Alert color="gray" data-testid="vad-empty">
                No speech found in these {s(duration)} of audio. If you expected some, lower the speech threshold.
              </Alert>
            ) : (
              <List size="sm" aria-label="Speech segments">
                {segments.map((seg, i) => (
                  <List.Item
                    key={`${seg.start}-${seg.end}`}
                    data-testid="vad-segment"
                    data-start={seg.start}
                    data-end={seg.end}
                  >
                    Speech {i + 1}: {s(seg.start)} – {s(seg.end)} ({s(seg.end - seg.start)})
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
};
