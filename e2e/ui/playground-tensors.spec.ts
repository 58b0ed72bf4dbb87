// The playground's generic tensor widget on a model without a task widget yet (the seeded PP-OCR
// text-orientation classifier): inputs and outputs listed, a run on random input shows the output
// tensor, and a JSON input of the wrong shape is refused with a message before anything runs.
import { expect, test } from "@playwright/test";
import { SEEDED, apply, client, expectJson, person, seeded, type Submitted } from "../fixtures/access-world";
import { loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

test("random input runs the classifier and shows its two scores; a wrong JSON shape is refused", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  const me = await person();
  // The AUTO model approves a complete application at once.
  await expectJson<Submitted>(await apply(client(request, me), await seeded(SEEDED.AUTO)), 201);
  await useSession(context, baseURL as string, me);

  await page.goto(`/models/${SEEDED.AUTO}/try`);
  await loadModel(page);
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "wasm");
  await page.getByTestId("run-tensors").click();
  const output = page.getByTestId("tensor-output");
  await expect(output).toHaveCount(1, { timeout: 30_000 });
  await expect(output).toContainText(/\[1, 2\] \(2 values\)/);
  // Softmax scores: two numbers in [0, 1] that add up to 1.
  const scores = ((await output.locator("pre, code").first().textContent()) ?? "").split(",").map(Number);
  expect(scores).toHaveLength(2);
  expect(scores[0]! + scores[1]!).toBeCloseTo(1, 3);
  await expect(page.getByTestId("perf-first-run")).not.toHaveText("—");

  await page.getByText("JSON input", { exact: true }).click();
  await page.getByTestId("json-input").fill('{ "x": [1, 2, 3] }');
  await page.getByTestId("run-tensors").click();
  await expect(page.getByTestId("tensor-error")).toContainText(/does not fit the declared|Missing input/);
});
