// The voice-activity widget on the seeded Silero VAD: a spoken sentence (espeak-ng, 22050 Hz, so the
// browser's decoding and resampling to 16 kHz are exercised) between 1.5 s of silence on each side is
// found where it is and nowhere else; pure silence gives the empty state; and the microphone path
// (Chromium's fake capture device playing the same file) records, stops and finds the speech.
import { renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SEEDED } from "../fixtures/access-world";
import { loadModel, openModelUser, silentWav, spokenWav, vadSegments } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

const SILENCE = 1.5;
const TOLERANCE = 0.3;
const sentence = spokenWav("The quick brown fox jumps over the lazy dog, and the dog does not mind.", SILENCE);

// The fake microphone plays this file in a loop. Written at load (launchOptions need its path), by
// rename so a process writing it never lets Chromium read half a file.
const micFile = path.join(tmpdir(), "weights-e2e-vad-microphone.wav");
writeFileSync(`${micFile}.${process.pid}`, sentence.bytes);
renameSync(`${micFile}.${process.pid}`, micFile);

// launchOptions are per worker: this file gets a browser of its own, with a fake microphone that
// needs no permission prompt.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${micFile}`,
    ],
  },
  permissions: ["microphone"],
});

const openWidget = async (page: Page) => {
  await page.goto(`/models/${SEEDED.OPEN}/try`);
  await loadModel(page);
  await expect(page.getByText("Voice activity detection", { exact: true })).toBeVisible();
};

const upload = async (page: Page, name: string, buffer: Buffer) => {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: "audio/wav", buffer });
  await expect(page.getByTestId("vad-result").or(page.getByTestId("vad-error"))).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("vad-error")).toHaveCount(0);
};

test("a spoken sentence between two silences is one speech span where the sound is; silence alone is the empty state", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  await useSession(context, baseURL as string, await openModelUser(request));
  await openWidget(page);

  await upload(page, "sentence.wav", sentence.bytes);
  const result = page.getByTestId("vad-result");
  expect(Number(await result.getAttribute("data-duration"))).toBeCloseTo(sentence.seconds, 1);
  const segments = await vadSegments(page);
  expect(segments.length).toBeGreaterThan(0);
  const { span } = sentence;
  // The speech starts after the leading silence and ends before the trailing one: no segment lies in either.
  expect(span.start).toBeGreaterThanOrEqual(SILENCE);
  expect(span.end).toBeLessThanOrEqual(sentence.seconds - SILENCE);
  for (const s of segments) {
    expect(s.start).toBeGreaterThan(span.start - TOLERANCE);
    expect(s.end).toBeLessThan(span.end + TOLERANCE);
  }
  expect(Math.abs(segments[0]!.start - span.start)).toBeLessThan(TOLERANCE);
  expect(Math.abs(segments.at(-1)!.end - span.end)).toBeLessThan(TOLERANCE);
  await expect(page.getByTestId("vad-waveform")).toHaveAttribute(
    "aria-label",
    new RegExp(`${segments.length} speech segments? shaded`),
  );
  // Per-chunk timings reach the performance panel.
  await expect(page.getByTestId("perf-first-run")).not.toHaveText("—");
  await expect(page.getByTestId("perf-mean-run")).not.toHaveText("—");

  await upload(page, "silence.wav", silentWav(4));
  await expect(page.getByTestId("vad-empty")).toBeVisible();
  await expect(page.getByTestId("vad-segment")).toHaveCount(0);
});

test("the microphone records until Stop, and the recording's speech is found", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  await useSession(context, baseURL as string, await openModelUser(request));
  await openWidget(page);

  await page.getByTestId("vad-record").click();
  await expect(page.getByTestId("vad-mic-error")).toHaveCount(0);
  // The fake device loops the file (about 7 s): 6 s of it hold at least one stretch of the sentence.
  await expect(page.getByTestId("vad-recording")).toHaveText(/Recording… ([6-9]|\d\d) s/, { timeout: 30_000 });
  await page.getByTestId("vad-stop").click();
  await expect(page.getByTestId("vad-result").or(page.getByTestId("vad-error"))).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("vad-error")).toHaveCount(0);
  expect(Number(await page.getByTestId("vad-result").getAttribute("data-duration"))).toBeGreaterThan(5);
  const segments = await vadSegments(page);
  expect(segments.length).toBeGreaterThan(0);
  // Speech, not a click: at least a second of it (the sentence lasts about 4 s).
  expect(Math.max(...segments.map((s) => s.end - s.start))).toBeGreaterThan(1);
});
