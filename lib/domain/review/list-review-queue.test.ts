import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  daysFromNow,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { listReviewQueue } from "./list-review-queue";
import { encodeQueueCursor } from "./review-queue-cursor";

const world = async () => {
  const org = `rq${uid()}`;
  const a = await createGatedModel({ org, name: "a", gating: "MANUAL" });
  const b = await createGatedModel({ org, name: "b", gating: "MANUAL" });
  const { user: reviewerUser } = await createResearcher();
  await createModelReviewer(reviewerUser.id, a.id);
  const applicants = await Promise.all([
    createResearcher({ country: "DE", affiliation: "Max Planck Institute" }),
    createResearcher({ country: "FR", affiliation: "Inria" }),
    createResearcher({ country: "DE", affiliation: "TU Munich" }),
  ]);
  const ages = [10, 3, 1];
  for (const [i, { user }] of applicants.entries()) {
    await createRequest({ userId: user.id, modelId: a.id, status: "PENDING" });
    await db.accessRequest.updateMany({
      where: { userId: user.id, modelId: a.id },
      data: { createdAt: daysFromNow(-(ages[i] as number)) },
    });
    await createRequest({ userId: user.id, modelId: b.id, status: "PENDING" });
  }
  return { a, b, reviewer: callerOf(reviewerUser), applicants };
};

describe("listReviewQueue", () => {
  it("shows a reviewer only the requests of the models assigned to them, oldest first", async () => {
    const { a, reviewer, applicants } = await world();
    const page = await listReviewQueue(reviewer, {});
    expect(page.total).toBe(3);
    expect(page.requests.map((r) => r.model.slug)).toEqual([a.slug, a.slug, a.slug]);
    expect(page.requests.map((r) => r.applicant.email.value)).toEqual(applicants.map((x) => x.user.email));
    expect(page.requests[0]?.applicant).toMatchObject({
      affiliation: { value: "Max Planck Institute", verification: "self-declared" },
    });
  });

  it("filters by country, affiliation (literal, case-insensitive), age and model; sorts and paginates", async () => {
    const { a, b, reviewer } = await world();
    expect((await listReviewQueue(reviewer, { country: "de" })).total).toBe(2);
    expect(
      (await listReviewQueue(reviewer, { affiliation: "munich" })).requests.map((r) => r.applicant.affiliation.value),
    ).toEqual(["TU Munich"]);
    expect((await listReviewQueue(reviewer, { affiliation: "%" })).total).toBe(0);
    expect((await listReviewQueue(reviewer, { minAgeDays: 2 })).total).toBe(2);
    expect((await listReviewQueue(reviewer, { model: b.slug })).total).toBe(0);
    const newest = await listReviewQueue(reviewer, { model: a.slug, sort: "newest", pageSize: 1 });
    expect(newest).toMatchObject({ total: 3, pageSize: 1, prevCursor: null });
    const second = await listReviewQueue(reviewer, {
      model: a.slug,
      sort: "newest",
      pageSize: 1,
      cursor: newest.nextCursor as string,
    });
    expect(second.total).toBe(3);
    expect(second.requests[0]?.applicant.affiliation.value).toBe("Inria");
  });

  it("an admin sees every model's requests; a researcher sees none", async () => {
    const { a, b } = await world();
    const { user: admin } = await createResearcher({ role: "ADMIN" });
    const scoped = await listReviewQueue(callerOf(admin), { model: b.slug });
    expect(scoped.total).toBe(3);
    const { caller: researcher } = await createResearcher();
    expect((await listReviewQueue(researcher, { model: a.slug })).total).toBe(0);
  });
});

/** Every page forward from the first, then every page back from the last: the ids seen, in order. */
const walk = async (caller: Parameters<typeof listReviewQueue>[0], query: Parameters<typeof listReviewQueue>[1]) => {
  const forward: string[][] = [];
  let page = await listReviewQueue(caller, query);
  expect(page.prevCursor).toBeNull();
  forward.push(page.requests.map((r) => r.id));
  while (page.nextCursor) {
    page = await listReviewQueue(caller, { ...query, cursor: page.nextCursor });
    forward.push(page.requests.map((r) => r.id));
  }
  const backward: string[][] = [page.requests.map((r) => r.id)];
  while (page.prevCursor) {
    page = await listReviewQueue(caller, { ...query, cursor: page.prevCursor });
    backward.unshift(page.requests.map((r) => r.id));
  }
  return { forward, backward, total: page.total };
};

describe("listReviewQueue keyset pages", () => {
  /** Five pending requests on one model, three of them created in the same millisecond (ties on createdAt). */
  const tiedWorld = async () => {
    const { a, reviewer } = await world();
    const at = daysFromNow(-5);
    const tied = await Promise.all(
      ["DE", "DE", "FR"].map((country) => createResearcher({ country, affiliation: "Tie Institute" })),
    );
    for (const { user } of tied) {
      const r = await createRequest({ userId: user.id, modelId: a.id, status: "PENDING" });
      await db.accessRequest.update({ where: { id: r.id }, data: { createdAt: at } });
    }
    const rows = await db.accessRequest.findMany({
      where: { modelId: a.id, status: "PENDING" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, user: { select: { country: true } } },
    });
    return { a, reviewer, rows };
  };

  it("Next walks every request once in (createdAt, id) order, ties included; Previous walks the same pages back", async () => {
    const { a, reviewer, rows } = await tiedWorld();
    const ids = rows.map((r) => r.id);
    expect(ids).toHaveLength(6);
    const oldest = await walk(reviewer, { model: a.slug, pageSize: 2 });
    expect(oldest.forward).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6)]);
    expect(oldest.backward).toEqual(oldest.forward);
    expect(oldest.total).toBe(6);
    // Newest first is the exact reverse, pages of 4 then 2.
    const newest = await walk(reviewer, { model: a.slug, pageSize: 4, sort: "newest" });
    const reversed = [...ids].reverse();
    expect(newest.forward).toEqual([reversed.slice(0, 4), reversed.slice(4)]);
    expect(newest.backward).toEqual(newest.forward);
  });

  it("filters apply on every page", async () => {
    const { a, reviewer, rows } = await tiedWorld();
    const german = rows.filter((r) => r.user.country === "DE").map((r) => r.id);
    expect(german).toHaveLength(4);
    const pages = await walk(reviewer, { model: a.slug, country: "DE", pageSize: 3 });
    expect(pages.forward).toEqual([german.slice(0, 3), german.slice(3)]);
    expect(pages.total).toBe(4);
  });

  it("a cursor stays valid when its row leaves the queue, and Previous past the start shows a full first page", async () => {
    const { a, reviewer, rows } = await tiedWorld();
    const ids = rows.map((r) => r.id);
    const first = await listReviewQueue(reviewer, { model: a.slug, pageSize: 2 });
    const second = await listReviewQueue(reviewer, { model: a.slug, pageSize: 2, cursor: first.nextCursor as string });
    expect(second.requests.map((r) => r.id)).toEqual(ids.slice(2, 4));
    // The last row of page 1 is approved meanwhile: the next page still starts right after it.
    await db.accessRequest.update({ where: { id: ids[1] }, data: { status: "APPROVED" } });
    const again = await listReviewQueue(reviewer, { model: a.slug, pageSize: 2, cursor: first.nextCursor as string });
    expect(again.requests.map((r) => r.id)).toEqual(ids.slice(2, 4));
    // Back from page 2: one request is left before it, so the first page is read again, whole.
    const back = await listReviewQueue(reviewer, { model: a.slug, pageSize: 2, cursor: again.prevCursor as string });
    expect(back.requests.map((r) => r.id)).toEqual([ids[0], ids[2]]);
    expect(back.prevCursor).toBeNull();
    expect(back.total).toBe(5);
  });

  it("refuses a cursor it did not make, or one made for the other order, with 400 INVALID_CURSOR", async () => {
    const { a, reviewer } = await world();
    const page = await listReviewQueue(reviewer, { model: a.slug, pageSize: 1 });
    const cursor = page.nextCursor as string;
    const json = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const valid = JSON.parse(Buffer.from(cursor, "base64url").toString()) as Record<string, unknown>;
    for (const bad of [
      "not a cursor",
      "x".repeat(300),
      Buffer.from("{").toString("base64url"),
      json({ ...valid, v: 2 }),
      json({ ...valid, t: "yesterday" }),
      json({ ...valid, id: "a'; --" }),
      json({ ...valid, extra: 1 }),
      json([valid]),
    ])
      await expectAppError(listReviewQueue(reviewer, { model: a.slug, cursor: bad }), "INVALID_CURSOR", {
        status: 400,
        userMessage: expect.stringContaining("is not one this server made") as unknown,
      });
    await expectAppError(listReviewQueue(reviewer, { model: a.slug, sort: "newest", cursor }), "INVALID_CURSOR", {
      status: 400,
      userMessage: expect.stringContaining('belongs to the "oldest" order, not "newest"') as unknown,
    });
    // The same cursor, re-encoded by the server's own function, is accepted: the refusals above are about the cursor.
    const { createdAt, id } = page.requests[0] as { createdAt: Date; id: string };
    const ok = encodeQueueCursor({ sort: "oldest", direction: "after", createdAt, id });
    expect(ok).toBe(cursor);
    expect((await listReviewQueue(reviewer, { model: a.slug, pageSize: 1, cursor: ok })).requests).toHaveLength(1);
  });
});
