// What bench:playground feeds the seeded models and answers on their access forms. Pure: the same
// feeds go to the playground worker and to the bare page, so both sides time the same run.
import { encodePrompt, createPrng, readCharModel } from "@/lib/playground/char-lm";
import { readImageSpec } from "@/lib/playground/image-preprocess";
import { randomFeeds, type Feed } from "@/lib/playground/tensor-feeds";
import type { TFormDefinition } from "@/lib/schemas/access-form";
import type { TOnnxInspection } from "@/lib/schemas/inspection";

export const BENCH_PROMPT = "it was the best of times";

/** Silero VAD v5 at 16 kHz takes 512-sample chunks with a [2, batch, 128] recurrent state. */
const VAD_CHUNK = 512;
const VAD_STATE = 128;

const isVad = (task: string, names: string[]) =>
  task === "voice-activity-detection" || ["input", "state", "sr"].every((n) => names.includes(n));

/**
 * One run's inputs, as the model's widget would send them: one generation step of the char model
 * (the prompt's last context window), one 32 ms audio chunk for the VAD (a 440 Hz tone with noise,
 * zero state), one text-line image for an image classifier (random pixels in [-1, 1] at its size);
 * any other model gets the generic widget's seeded random feeds (free dimensions 1).
 */
export const benchFeeds = (task: string, inspection: TOnnxInspection): Feed[] => {
  const { inputs, outputs, metadata } = inspection;
  const random = createPrng(7);
  const char = task === "text-generation" || metadata.task === "text-generation" ? readCharModel(inspection) : null;
  if (char) {
    if ("error" in char) throw new Error(char.error);
    const context = encodePrompt(char, BENCH_PROMPT).slice(-char.contextLength);
    return [{ name: char.inputName, type: "int64", dims: [1, context.length], data: context }];
  }
  if (
    isVad(
      task,
      inputs.map((i) => i.name),
    )
  )
    return inputs.map((v): Feed => {
      if (v.name === "sr") return { name: v.name, type: "int64", dims: [], data: [16_000] };
      if (v.name === "state")
        return {
          name: v.name,
          type: "float32",
          dims: [2, 1, VAD_STATE],
          data: new Array<number>(2 * VAD_STATE).fill(0),
        };
      const data = Array.from(
        { length: VAD_CHUNK },
        (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000) + 0.05 * (random() - 0.5),
      );
      return { name: v.name, type: "float32", dims: [1, VAD_CHUNK], data };
    });
  const image = task === "image-classification" ? readImageSpec(inputs, outputs, metadata) : null;
  if (image && inputs[0]) {
    const size = 3 * image.height * image.width;
    return [
      {
        name: inputs[0].name,
        type: "float32",
        dims: [1, 3, image.height, image.width],
        data: Array.from({ length: size }, () => random() * 2 - 1),
      },
    ];
  }
  return randomFeeds(inputs, {}, 7);
};

/** Valid answers to a model's access form: every required question answered, optional ones left out. */
export const formAnswers = (definition: TFormDefinition, today = new Date()): Record<string, unknown> => {
  const answers: Record<string, unknown> = {};
  for (const f of definition) {
    if (!f.required) continue;
    if (f.type === "text" || f.type === "textarea")
      answers[f.name] = "Benchmarking the in-browser playground.".slice(0, f.maxLength ?? 200);
    else if (f.type === "select") answers[f.name] = f.options?.[0];
    else if (f.type === "multiselect") answers[f.name] = f.options?.slice(0, 1);
    else if (f.type === "checkbox") answers[f.name] = true;
    else if (f.type === "country") answers[f.name] = "DE";
    else if (f.type === "date") answers[f.name] = today.toISOString().slice(0, 10);
    else answers[f.name] = "https://example.org/bench";
  }
  return answers;
};
