import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import type { TSendEmailPayload } from "@/lib/jobs/send-email";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  createUser,
  daysFromNow,
  mailJobsTo,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { waitForMails } from "@/lib/testing/mail-inbox";
import { run as sendEmail } from "@/workers/handlers/send-email";
import { submitAccessRequest } from "@/lib/domain/access/submit-access-request";
import { sendReviewDigests } from "./send-review-digests";
import { setReviewerNotification } from "./set-reviewer-notification";

const { modelIds, emails } = trackTestRows();
const meta = { ip: null, userAgent: null };

const reviewerOf = async (modelId: string) => {
  const user = await createUser();
  emails.push(user.email!);
  await createModelReviewer(user.id, modelId);
  return { user, caller: callerOf(user) };
};
const setup = async (gating: "MANUAL" | "AUTO" = "MANUAL") => {
  const model = await createGatedModel({ org: `rn${uid()}`, gating });
  modelIds.push(model.id);
  return { model, ref: { org: model.org, name: model.name } };
};
const researcher = async (name = "Ada Lovelace") => {
  const r = await createResearcher({ name, affiliation: "Engines Ltd" });
  emails.push(r.user.email!);
  return r;
};
/** Sends the queued mail jobs to `email` through the real handler into the embedded inbox. */
const deliver = async (email: string) => {
  const jobs = await db.$queryRaw<{ data: TSendEmailPayload; id: string }[]>`
    SELECT id::text, data FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${email}`;
  for (const j of jobs) await sendEmail({ payload: j.data, jobId: j.id });
  return waitForMails(email, jobs.length);
};
const prefsOf = (modelId: string) =>
  db.reviewerNotification.findMany({ where: { modelId }, select: { userId: true, mode: true } });
const auditOf = (modelId: string) => db.auditEvent.count({ where: { modelId, action: "reviewer.notification_set" } });

describe("setReviewerNotification", () => {
  it("an assigned reviewer chooses per model; each change is audited, the same choice again is not", async () => {
    const { model, ref } = await setup();
    const r = await reviewerOf(model.id);
    expect(await setReviewerNotification(r.caller, ref, { mode: "DIGEST" })).toEqual({
      model: model.slug,
      mode: "DIGEST",
    });
    await setReviewerNotification(r.caller, ref, { mode: "DIGEST" });
    await setReviewerNotification(r.caller, ref, { mode: "NONE" });
    expect(await prefsOf(model.id)).toEqual([{ userId: r.user.id, mode: "NONE" }]);
    expect(await auditOf(model.id)).toBe(2);
  });

  it.each([
    ["anonymous", "anon", { mode: "EACH" }, "SIGN_IN_REQUIRED", 401],
    ["a researcher", "researcher", { mode: "EACH" }, "NOT_FOUND", 404],
    ["another model's reviewer", "other", { mode: "EACH" }, "NOT_FOUND", 404],
    ["an admin not assigned to the model", "admin", { mode: "EACH" }, "CONFLICT", 409],
    ["an unknown mode", "reviewer", { mode: "SOMETIMES" }, "VALIDATION_FAILED", 422],
    ["an extra key", "reviewer", { mode: "EACH", email: "x@y.z" }, "VALIDATION_FAILED", 422],
  ] as const)("refuses %s (%s) and writes nothing", async (_label, who, body, code, status) => {
    const { model, ref } = await setup();
    const { model: other } = await setup();
    const caller =
      who === "anon"
        ? null
        : who === "researcher"
          ? callerOf(await createUser())
          : who === "admin"
            ? callerOf(await createUser({ role: "ADMIN" }))
            : (await reviewerOf(who === "other" ? other.id : model.id)).caller;
    const error = await setReviewerNotification(caller, ref, body as never).catch((e: unknown) => e);
    // A body that fails its schema is a ZodError here; the route answers it with 422 VALIDATION_FAILED.
    if (code === "VALIDATION_FAILED") expect(error).toBeInstanceOf(ZodError);
    else expect(error).toMatchObject({ code, status });
    expect(await prefsOf(model.id)).toEqual([]);
    expect(await auditOf(model.id)).toBe(0);
  });
});

describe("mail to reviewers about new requests", () => {
  it("a request waiting for review mails each EACH reviewer (the default), not DIGEST or NONE ones", async () => {
    const { model, ref } = await setup();
    const [each, digest, none] = [await reviewerOf(model.id), await reviewerOf(model.id), await reviewerOf(model.id)];
    await setReviewerNotification(digest.caller, ref, { mode: "DIGEST" });
    await setReviewerNotification(none.caller, ref, { mode: "NONE" });
    const applicant = await researcher();
    const { request } = await submitAccessRequest(
      applicant.caller,
      ref,
      { answers: {}, licenseVersionId: model.licenseVersion.id },
      meta,
    );
    expect((await mailJobsTo(each.user.email!)).map((j) => j.kind)).toEqual(["review-request"]);
    expect(await mailJobsTo(digest.user.email!)).toEqual([]);
    expect(await mailJobsTo(none.user.email!)).toEqual([]);
    const [mail] = await deliver(each.user.email!);
    expect(mail!.subject).toBe(`New access request for ${model.slug}`);
    expect(mail!.text).toContain("Ada Lovelace (Engines Ltd) asked for access");
    expect(mail!.text).toContain(`/admin/requests/${request.id}`);
  });

  it("a request the rules decide at once (AUTO) mails no reviewer", async () => {
    const { model, ref } = await setup("AUTO");
    const each = await reviewerOf(model.id);
    const applicant = await researcher();
    const { request } = await submitAccessRequest(
      applicant.caller,
      ref,
      { answers: {}, licenseVersionId: model.licenseVersion.id },
      meta,
    );
    expect(request.status).toBe("APPROVED");
    expect(await mailJobsTo(each.user.email!)).toEqual([]);
  });

  it("the daily digest lists the day's pending requests per model, once; nothing new, no mail", async () => {
    const { model: m1, ref: ref1 } = await setup();
    const { model: m2, ref: ref2 } = await setup();
    const reviewer = await reviewerOf(m1.id);
    await createModelReviewer(reviewer.user.id, m2.id);
    await setReviewerNotification(reviewer.caller, ref1, { mode: "DIGEST" });
    await setReviewerNotification(reviewer.caller, ref2, { mode: "DIGEST" });
    // The digest window starts when the digest was chosen, at most a day back.
    await db.reviewerNotification.updateMany({ where: { userId: reviewer.user.id }, data: { digestSentAt: null } });
    const [a, b, c] = [await researcher("Ada"), await researcher("Grace"), await researcher("Old Timer")];
    await createRequest({ userId: a.user.id, modelId: m1.id });
    await createRequest({ userId: b.user.id, modelId: m2.id });
    await createRequest({ userId: c.user.id, modelId: m1.id, createdAt: daysFromNow(-2) });
    await createRequest({ userId: b.user.id, modelId: m1.id, status: "REJECTED" });

    await sendReviewDigests();
    const jobs = await mailJobsTo(reviewer.user.email!);
    expect(jobs.map((j) => j.kind)).toEqual(["review-digest"]);
    const [mail] = await deliver(reviewer.user.email!);
    expect(mail!.subject).toBe("2 new access requests waiting for review");
    expect(mail!.text).toContain(`(${m1.slug}): 1 — Ada (Engines Ltd)`);
    expect(mail!.text).toContain(`(${m2.slug}): 1 — Grace (Engines Ltd)`);
    expect(mail!.text).not.toContain("Old Timer");

    // A second run (a retry, or the next day with nothing new) sends nothing.
    await sendReviewDigests();
    expect(await mailJobsTo(reviewer.user.email!)).toHaveLength(1);
  });

  it("a reviewer removed from the model gets no digest for it", async () => {
    const { model, ref } = await setup();
    const reviewer = await reviewerOf(model.id);
    await setReviewerNotification(reviewer.caller, ref, { mode: "DIGEST" });
    await db.reviewerNotification.updateMany({ where: { userId: reviewer.user.id }, data: { digestSentAt: null } });
    await db.modelReviewer.deleteMany({ where: { userId: reviewer.user.id } });
    await createRequest({ userId: (await researcher()).user.id, modelId: model.id });
    await sendReviewDigests();
    expect(await mailJobsTo(reviewer.user.email!)).toEqual([]);
  });
});
