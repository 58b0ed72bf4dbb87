import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callerOf, createGatedModel, createRequest, createResearcher, daysFromNow, uid } from "@/lib/testing/factories";
import { listReviewQueue } from "./list-review-queue";

const world = async () => {
  const org = `rq${uid()}`;
  const a = await createGatedModel({ org, name: "a", gating: "MANUAL" });
  const b = await createGatedModel({ org, name: "b", gating: "MANUAL" });
  const { user: reviewerUser } = await createResearcher();
  await db.modelReviewer.create({ data: { userId: reviewerUser.id, modelId: a.id } });
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
    const newest = await listReviewQueue(reviewer, { model: a.slug, sort: "newest", pageSize: 1, page: 2 });
    expect(newest).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(newest.requests[0]?.applicant.affiliation.value).toBe("Inria");
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
