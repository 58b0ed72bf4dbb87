import type { CharModel, Strategy } from "./char-lm";
import type { ImageFit, ImageSpec } from "./image-preprocess";
import type { PackedFeed } from "./tensor-feeds";
import type { SpeechSegment, VadOptions, VadSpec } from "./vad";

export type Backend = "webgpu" | "wasm";

/**
 * Messages to the ORT worker. `bytes` are the verified model bytes (transferred, not copied);
 * `externalData` the verified files holding the graph's external weights, `path` being the location
 * the graph names them by.
 */
export type WorkerRequest =
  /**
   * Sent when the page shows, before "Load model": the worker picks its ORT build (the WASM-only one
   * when WebGPU is forced off or absent), imports it and compiles its WASM, so the click waits for less.
   */
  | { type: "prepare"; forceWasm: boolean }
  | {
      type: "load";
      bytes: ArrayBuffer;
      externalData?: { path: string; data: ArrayBuffer }[];
      forceWasm: boolean;
      needsF16: boolean;
    }
  | { type: "generate"; id: number; model: CharModel; prompt: string; length: number; strategy: Strategy }
  /** Typed arrays (transferred). */
  | { type: "run"; id: number; feeds: PackedFeed[] }
  | { type: "classify-image"; id: number; image: ImageBitmap; spec: ImageSpec; inputName: string; outputName: string }
  /** 16 kHz mono samples (transferred). */
  | { type: "detect-voice"; id: number; samples: Float32Array; spec: VadSpec; options: VadOptions };

/** One output of a generic run: its shape and the first values (the whole tensor may be large). */
export type OutputSummary = { name: string; type: string; dims: number[]; size: number; preview: number[] };

/** Why WebGPU was not used, in the words the page shows. */
export type WebGpuSkip = {
  reason: "forced-wasm" | "no-webgpu" | "no-adapter" | "feature-missing" | "session-failed";
  detail: string;
};

/**
 * The worker's preparation: WebGPU probed, ORT's module imported, its WASM compiled and started (a
 * warm-up WASM session), then the WebGPU backend started (a warm-up WebGPU session; 0 with the WASM build).
 */
export type PrepareSteps = { probeMs: number; importMs: number; startMs: number; gpuStartMs: number };

export type WorkerResponse =
  | {
      type: "loaded";
      backend: Backend;
      /** The ORT build the worker runs: the WebGPU one (which also runs WASM) or the smaller WASM-only one. */
      build: Backend;
      skipped: WebGpuSkip | null;
      adapter: string | null;
      threads: number;
      crossOriginIsolated: boolean;
      sessionMs: number;
      /** The part of sessionMs spent waiting for "prepare" (ORT imported, its WASM compiled) to finish. */
      runtimeWaitMs: number;
      prepare: PrepareSteps;
    }
  | { type: "token"; id: number; text: string }
  | {
      type: "done";
      id: number;
      text: string;
      runs: number;
      firstRunMs: number;
      meanRunMs: number;
      tokensPerSecond: number;
    }
  | { type: "outputs"; id: number; ms: number; outputs: OutputSummary[] }
  | {
      type: "classified";
      id: number;
      ms: number;
      scores: { label: string; score: number }[];
      /** How the image was fitted to the input: letterboxed whole, or cropped to the input's aspect. */
      fit: ImageFit;
    }
  /** One probability per 512-sample chunk; `ms` for the whole audio, the chunk times for the performance panel. */
  | {
      type: "voice";
      id: number;
      probabilities: Float32Array;
      segments: SpeechSegment[];
      chunks: number;
      ms: number;
      firstChunkMs: number;
      meanChunkMs: number;
    }
  | { type: "error"; id?: number; message: string };
