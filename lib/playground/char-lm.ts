// The character-level text model's contract in the browser: vocabulary and context length come from
// the ONNX file's metadata_props (read by the inspect job), and generation follows the seed's
// prisma/seed/char-lm/generate.ts step for step (a test runs both on the same logits).
import type { TOnnxInspection } from "@/lib/schemas/inspection";

export type CharModel = {
  chars: string[];
  padId: number;
  fallbackId: number;
  contextLength: number;
  inputName: string;
  outputName: string;
};

export type Strategy = { kind: "greedy" } | { kind: "top-k"; k: number; temperature: number; seed: number };

/** The model's contract from its inspection, or the reason it is not a character-level text model. */
export const readCharModel = (inspection: TOnnxInspection | null): CharModel | { error: string } => {
  if (!inspection) return { error: "The model file has not been inspected, so its vocabulary is unknown." };
  const m = inspection.metadata;
  let chars: unknown;
  try {
    chars = JSON.parse(m.vocab ?? "null");
  } catch {
    return { error: "The model's vocabulary (metadata_props.vocab) is not valid JSON." };
  }
  if (!Array.isArray(chars) || !chars.every((c) => typeof c === "string"))
    return { error: "The model has no vocabulary in its metadata_props." };
  const contextLength = Number(m.context_length);
  const padId = Number(m.pad_id);
  const fallbackId = Number(m.fallback_id);
  const [input] = inspection.inputs;
  const [output] = inspection.outputs;
  if (
    !Number.isInteger(contextLength) ||
    contextLength < 1 ||
    !Number.isInteger(padId) ||
    !Number.isInteger(fallbackId) ||
    !input ||
    !output
  )
    return { error: "The model's metadata lacks context_length, pad_id or fallback_id." };
  return { chars: chars as string[], padId, fallbackId, contextLength, inputName: input.name, outputName: output.name };
};

const replacements: ReadonlyArray<readonly [RegExp, string]> = [
  [/\r\n?/g, "\n"],
  [/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
  [/[\t\u00a0\u2000-\u200a\u202f\u3000]/g, " "],
];

/** The training text's normal form (prisma/seed/char-lm/normalize-text.ts): lowercase ASCII, no diacritics. */
export const normalizeText = (text: string): string => {
  let out = text;
  for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
  return out
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
};

/** The prompt as the model's first context: left-padded with pad_id, unknown characters as fallback_id. */
export const encodePrompt = (model: CharModel, prompt: string): number[] => {
  const index = new Map(model.chars.map((ch, id) => [ch, id] as const));
  return [
    ...new Array<number>(model.contextLength).fill(model.padId),
    ...[...normalizeText(prompt)].map((ch) => index.get(ch) ?? model.fallbackId),
  ];
};

/** mulberry32, as the seed uses: a seeded top-k run repeats exactly. */
export const createPrng = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The next token: argmax (ties to the lowest id, as in every backend) or a top-k sample at a temperature. */
export const pickToken = (logits: ArrayLike<number>, strategy: Strategy, random: () => number): number => {
  if (strategy.kind === "greedy") {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  const ranked = Array.from(logits, (logit, id) => ({ logit, id }))
    .sort((a, b) => b.logit - a.logit || a.id - b.id)
    .slice(0, Math.max(1, strategy.k));
  const top = ranked[0]!.logit;
  const weights = ranked.map(({ logit }) => Math.exp((logit - top) / strategy.temperature));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < ranked.length; i++) {
    r -= weights[i]!;
    if (r < 0) return ranked[i]!.id;
  }
  return ranked[ranked.length - 1]!.id;
};

/**
 * Generates `length` characters, calling `onToken` as each is produced. `next` runs the model on
 * one context of `contextLength` ids (the ONNX session in the worker).
 */
export const generateChars = async (
  model: CharModel,
  { prompt, length, strategy }: { prompt: string; length: number; strategy: Strategy },
  next: (context: number[]) => Promise<ArrayLike<number>>,
  onToken: (text: string) => void = () => {},
): Promise<string> => {
  const random = createPrng(strategy.kind === "top-k" ? strategy.seed : 0);
  const history = encodePrompt(model, prompt);
  let out = "";
  for (let step = 0; step < length; step++) {
    const id = pickToken(await next(history.slice(-model.contextLength)), strategy, random);
    history.push(id);
    const ch = model.chars[id] ?? "";
    out += ch;
    onToken(ch);
  }
  return out;
};
