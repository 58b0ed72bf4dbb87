// The playground with WebGPU: Chromium launched with --enable-unsafe-webgpu and without
// --disable-gpu offers a SwiftShader adapter (docs/ARCHITECTURE.md), so the page picks WebGPU; its greedy
// output equals the WASM backend's for the same prompt.
import { expect, test, type Page } from "@playwright/test";
import {
  SEEDED,
  apply,
  client,
  expectJson,
  person,
  seeded,
  setRequest,
  daysFromNow,
  type Submitted,
} from "../fixtures/access-world";
import { greedy, loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

// launchOptions are per worker: this file gets a browser of its own, the other specs keep theirs.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--enable-unsafe-webgpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
});

const open = async (page: Page, { forceWasm }: { forceWasm: boolean }) => {
  await page.goto(`/models/${SEEDED.MANUAL}/try`);
  await loadModel(page, { forceWasm });
};

test("WebGPU (SwiftShader) is chosen, and its greedy text equals the WASM backend's", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  const me = await person();
  const submitted = await expectJson<Submitted>(await apply(client(request, me), await seeded(SEEDED.MANUAL)), 201);
  await setRequest(submitted.request.id, { status: "APPROVED", decidedAt: new Date(), expiresAt: daysFromNow(30) });
  await useSession(context, baseURL as string, me);
  const prompt = "it was the best of times";

  await open(page, { forceWasm: false });
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "webgpu");
  await expect(page.getByTestId("webgpu-skipped")).toHaveCount(0);
  const onGpu = await greedy(page, prompt, 30);

  await open(page, { forceWasm: true });
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "wasm");
  await expect(page.getByTestId("webgpu-skipped")).toHaveAttribute("data-reason", "forced-wasm");
  const onCpu = await greedy(page, prompt, 30);
  // The setting stays with the browser: the next visit prepares the WASM build from the start.
  await page.reload();
  await expect(page.getByTestId("force-wasm")).toBeEnabled();
  await expect(page.getByTestId("force-wasm")).toBeChecked();

  expect(onGpu).toHaveLength(30);
  expect(onGpu).toBe(onCpu);
});
