"use client";
import { NumberInput, SimpleGrid } from "@mantine/core";
import type { VadOptions } from "@/lib/playground/vad";

type Props = { options: VadOptions; onChange: (o: VadOptions) => void };

const fields: { key: keyof VadOptions; label: string; min: number; max: number; step: number; decimals?: number }[] = [
  { key: "positiveThreshold", label: "Speech threshold", min: 0.05, max: 0.95, step: 0.05, decimals: 2 },
  { key: "negativeThreshold", label: "Silence threshold", min: 0.01, max: 0.95, step: 0.05, decimals: 2 },
  { key: "minSpeechMs", label: "Minimum speech (ms)", min: 0, max: 5000, step: 50 },
  { key: "minSilenceMs", label: "Minimum silence (ms)", min: 0, max: 5000, step: 50 },
  { key: "padMs", label: "Padding (ms)", min: 0, max: 1000, step: 10 },
];

/**
 * The segmentation settings (silero-vad's get_speech_timestamps parameters). They apply to the
 * probabilities already computed, so a change redraws at once without running the model again.
 */
export const VoiceSettings = ({ options, onChange }: Props) => (
  <SimpleGrid cols={{ base: 2, sm: 5 }}>
    {fields.map((f) => (
      <NumberInput
        key={f.key}
        label={f.label}
        min={f.min}
        max={f.max}
        step={f.step}
        decimalScale={f.decimals ?? 0}
        value={options[f.key]}
        onChange={(v) => {
          const n = typeof v === "number" ? v : Number(v);
          if (Number.isFinite(n)) onChange({ ...options, [f.key]: Math.min(f.max, Math.max(f.min, n)) });
        }}
        data-testid={`vad-${f.key}`}
      />
    ))}
  </SimpleGrid>
);

/** The silence threshold never above the speech threshold (silero-vad's rule), whatever was typed. */
export const effectiveOptions = (o: VadOptions): VadOptions => ({
  ...o,
  negativeThreshold: Math.min(o.negativeThreshold, o.positiveThreshold),
});
