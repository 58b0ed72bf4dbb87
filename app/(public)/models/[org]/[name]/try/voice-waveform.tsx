"use client";
import { countOf } from "@/lib/format";
import { VAD_CHUNK, VAD_SAMPLE_RATE, type SpeechSegment } from "@/lib/playground/vad";

type Props = {
  name: string;
  peaks: { min: number; max: number }[];
  duration: number;
  probabilities: Float32Array | null;
  threshold: number;
  segments: SpeechSegment[];
};

const HEIGHT = 100;
const chunkSeconds = VAD_CHUNK / VAD_SAMPLE_RATE;

/**
 * The waveform (one min–max line per column), the speech segments shaded over it, and the model's
 * speech probability per chunk as a line, with the speech threshold dashed. Scales with its box.
 */
export const VoiceWaveform = ({ name, peaks, duration, probabilities, threshold, segments }: Props) => {
  const width = peaks.length;
  const x = (seconds: number) => (duration > 0 ? (seconds / duration) * width : 0);
  const wave = peaks
    .map((p, i) => `M${i + 0.5} ${HEIGHT / 2 - p.max * (HEIGHT / 2)}V${HEIGHT / 2 - p.min * (HEIGHT / 2) + 0.5}`)
    .join("");
  const curve = probabilities
    ? Array.from(
        probabilities,
        (p, i) => `${x((i + 0.5) * chunkSeconds).toFixed(1)},${(HEIGHT - p * HEIGHT).toFixed(1)}`,
      ).join(" ")
    : "";
  const label = `Waveform of ${name} (${duration.toFixed(1)} s)${probabilities ? `, ${countOf(segments.length, "speech segment")} shaded` : ""}`;
  return (
    <svg
      viewBox={`0 0 ${width} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="vad-waveform"
      style={{
        width: "100%",
        height: 140,
        display: "block",
        background: "var(--mantine-color-gray-0)",
        borderRadius: 4,
      }}
    >
      <title>{label}</title>
      {segments.map((s) => (
        <rect
          key={`${s.start}-${s.end}`}
          x={x(s.start)}
          width={Math.max(0.5, x(s.end) - x(s.start))}
          y={0}
          height={HEIGHT}
          fill="var(--mantine-color-teal-3)"
          opacity={0.6}
        />
      ))}
      <path
        d={wave}
        stroke="var(--mantine-color-blue-7)"
        strokeWidth={1}
        vectorEffect="non-scaling-stroke"
        fill="none"
      />
      {probabilities && (
        <>
          <line
            x1={0}
            x2={width}
            y1={HEIGHT - threshold * HEIGHT}
            y2={HEIGHT - threshold * HEIGHT}
            stroke="var(--mantine-color-orange-6)"
            strokeDasharray="4 3"
            vectorEffect="non-scaling-stroke"
          />
          <polyline
            points={curve}
            stroke="var(--mantine-color-orange-8)"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
            fill="none"
          />
        </>
      )}
    </svg>
  );
};
