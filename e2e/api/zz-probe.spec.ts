import { test } from "@playwright/test";
test("probe", async ({ request, page }) => {
  for (const q of ["q=%25", "q=_", "q=%5C", "page=", "pageSize=", "task=", "page=1&page=abc", "q=VAD", "pageSize=1.5", "page=1e1", "pageSize=%20", "unknown=1", "q=%00"]) {
    const r = await request.get(`/api/v1/models?${q}`);
    console.log(q, r.status(), (await r.text()).slice(0, 200));
  }
  await page.goto("/?q=vad&page=abc");
  console.log("web q=vad&page=abc cards:", await page.getByTestId("model-card").count(), await page.getByLabel("Search by name").inputValue());
  for (const p of ["/models/SILERO/SILERO-VAD", "/models/silero/silero-vad/", "/models/a/b%2Fc", "/sign-in?callbackUrl=https://evil.example", "/sign-in/error?error=Nope", "/api/v1/models/../health", "/api/auth/callback/email?token=x&email=a@b.c", "/api/auth/callback/email"]) {
    const r = await request.get(p, { maxRedirects: 0 });
    console.log(p, r.status(), r.headers()["location"]);
  }
});
