import { expect, test } from "@playwright/test";
import { uniqueEmail } from "../fixtures/auth";
import { createModel } from "../fixtures/models";
import { createSession } from "../fixtures/session";

type CatalogPage = { models: { slug: string }[]; total: number };

test("a PRIVATE model is hidden from anonymous callers (list and page) but shown to an admin", async ({ request }) => {
  const model = await createModel({ visibility: "PRIVATE", task: "e2e-private-task" });
  try {
    const anonymous = (await (await request.get("/api/v1/models?pageSize=100")).json()) as CatalogPage;
    expect(anonymous.models.map((m) => m.slug)).not.toContain(model.slug);
    const searched = (await (
      await request.get(`/api/v1/models?q=${encodeURIComponent(model.name)}`)
    ).json()) as CatalogPage;
    expect(searched).toMatchObject({ total: 0, models: [] });
    const byTask = (await (await request.get(`/api/v1/models?task=${model.task}`)).json()) as CatalogPage;
    expect(byTask.total).toBe(0);

    const page = await request.get(`/models/${model.slug}`);
    expect(page.status()).toBe(404);
    expect(await page.text()).not.toContain(model.title);

    // Control: the row is real and visible to an admin, so the 404 above is the visibility rule's.
    const admin = await createSession(uniqueEmail("admin"), "ADMIN");
    const headers = { cookie: admin.cookieHeader };
    const adminList = (await (
      await request.get(`/api/v1/models?q=${encodeURIComponent(model.name)}`, { headers })
    ).json()) as CatalogPage;
    expect(adminList.models.map((m) => m.slug)).toEqual([model.slug]);
    const adminPage = await request.get(`/models/${model.slug}`, { headers });
    expect(adminPage.status()).toBe(200);
    expect(await adminPage.text()).toContain(model.title);
  } finally {
    await model.remove();
  }
});

test("a PRIVATE model stays hidden from a signed-in researcher", async ({ request }) => {
  const model = await createModel({ visibility: "PRIVATE" });
  try {
    const researcher = await createSession(uniqueEmail(), "RESEARCHER");
    const headers = { cookie: researcher.cookieHeader };
    const session = (await (await request.get("/api/auth/session", { headers })).json()) as {
      user?: { email?: string };
    };
    expect(session.user?.email).toBe(researcher.email); // the cookie does sign the request in
    const list = (await (
      await request.get(`/api/v1/models?q=${encodeURIComponent(model.name)}`, { headers })
    ).json()) as CatalogPage;
    expect(list.total).toBe(0);
    expect((await request.get(`/models/${model.slug}`, { headers })).status()).toBe(404);
  } finally {
    await model.remove();
  }
});
