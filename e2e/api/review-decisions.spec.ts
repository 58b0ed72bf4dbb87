// Reviewers through the HTTP API: their queue holds only their models; two decisions at once
// record exactly one; outsiders get 404 and change nothing.
import { expect, test } from "@playwright/test";
import {
  client,
  expectError,
  expectJson,
  footprint,
  nid,
  person,
  seeded,
  SEEDED,
  apply,
  stateOf,
  waitForSubject,
} from "../fixtures/access-world";
import { rows, withDb } from "../fixtures/db";

type Queue = {
  total: number;
  requests: { id: string; model: { slug: string }; applicant: { affiliation: { value: string } } }[];
};

const assignReviewer = (userId: string, modelId: string) => rows.createModelReviewer(userId, modelId);
const unassign = (userIds: string[]) =>
  withDb((c) => c.query(`DELETE FROM "ModelReviewer" WHERE "userId" = ANY($1)`, [userIds]));

test("two reviewers decide the same request at once: one decision, the other is told who decided", async ({
  request,
}) => {
  const manual = await seeded(SEEDED.MANUAL);
  const affiliation = `Review Lab ${nid()}`;
  const applicant = await person();
  await withDb((c) => c.query(`UPDATE "User" SET affiliation = $2 WHERE id = $1`, [applicant.userId, affiliation]));
  const [r1, r2] = [await person(), await person()];
  await assignReviewer(r1.userId, manual.id);
  await assignReviewer(r2.userId, manual.id);
  try {
    const created = await expectJson<{ request: { id: string } }>(await apply(client(request, applicant), manual), 201);
    const queue = await expectJson<Queue>(
      await client(request, r1).get(
        `/api/v1/review/requests?model=${manual.slug}&affiliation=${encodeURIComponent(affiliation)}`,
      ),
      200,
    );
    expect(queue.total).toBe(1);
    expect(queue.requests[0]).toMatchObject({
      id: created.request.id,
      applicant: { affiliation: { value: affiliation } },
    });

    const url = `/api/v1/review/requests/${created.request.id}/decision`;
    const [a, b] = await Promise.all([
      client(request, r1).post(url, { decision: "APPROVE" }),
      client(request, r2).post(url, { decision: "REJECT", reasonCode: "OTHER", reasonText: "Not this term." }),
    ]);
    const statuses = [a.status(), b.status()].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = (await (a.status() === 409 ? a : b).json()) as { error: { code: string; message: string } };
    expect(loser.error.code).toBe("ALREADY_DECIDED");
    expect(loser.error.message).toMatch(/already (approved|rejected) \(decided by E2E Researcher\)/);
    const audit = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT action FROM "AuditEvent" WHERE "targetId" = $1 AND action LIKE 'access_request.%ed' AND action <> 'access_request.submitted'`,
            [created.request.id],
          )
        ).rows,
    );
    expect(audit).toHaveLength(1);

    const approved = a.status() === 200;
    const state = await stateOf(client(request, applicant), manual);
    expect(state.code).toBe(approved ? "GRANTED" : "REQUEST_REJECTED");
    await waitForSubject(
      applicant.email,
      approved ? `Access approved: ${manual.slug}` : `Access rejected: ${manual.slug}`,
    );
  } finally {
    await unassign([r1.userId, r2.userId]);
  }
});

test("a reviewer of one model, or a researcher, cannot see or decide another model's requests (404, nothing changed)", async ({
  request,
}) => {
  const [manual, auto] = [await seeded(SEEDED.MANUAL), await seeded(SEEDED.AUTO)];
  const applicant = await person();
  const reviewer = await person();
  const researcher = await person();
  await assignReviewer(reviewer.userId, auto.id);
  try {
    const created = await expectJson<{ request: { id: string } }>(await apply(client(request, applicant), manual), 201);
    const before = await footprint(applicant);
    for (const who of [reviewer, researcher]) {
      const queue = await expectJson<Queue>(
        await client(request, who).get(`/api/v1/review/requests?model=${manual.slug}`),
        200,
      );
      expect(queue.total).toBe(0);
      await expectError(
        await client(request, who).post(`/api/v1/review/requests/${created.request.id}/decision`, {
          decision: "APPROVE",
        }),
        404,
        "NOT_FOUND",
      );
      // A malformed body does not tell an outsider anything either.
      await expectError(
        await client(request, who).post(`/api/v1/review/requests/${created.request.id}/decision`, {
          decision: "MAYBE",
        }),
        404,
        "NOT_FOUND",
      );
      await expectError(
        await client(request, who).post(`/api/v1/review/requests/${created.request.id}/revocation`, {
          reasonText: "nope",
        }),
        404,
        "NOT_FOUND",
      );
    }
    expect(await footprint(applicant)).toEqual(before);
    await expectError(await client(request).get(`/api/v1/review/requests`), 401, "SIGN_IN_REQUIRED");
  } finally {
    await unassign([reviewer.userId]);
  }
});
