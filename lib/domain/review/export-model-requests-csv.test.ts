import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  createUser,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { exportModelRequestsCsv } from "./export-model-requests-csv";

const { modelIds, emails } = trackTestRows();

const form = [
  { name: "purpose", type: "textarea", label: "Purpose", required: true },
  { name: "tools", type: "multiselect", label: "Tools", options: ["torch", "onnx"] },
  { name: "agree", type: "checkbox", label: "I agree", required: true },
];

const setup = async () => {
  const model = await createGatedModel({ org: `csv${uid()}`, formDefinition: form });
  modelIds.push(model.id);
  const reviewer = callerOf(await createUser());
  await createModelReviewer(reviewer.id, model.id);
  return { model, reviewer, ref: { org: model.org, name: model.name } };
};
const readCsv = async (stream: ReadableStream<Uint8Array>) => parse(await new Response(stream).text()) as string[][];
const exportsOf = (modelId: string) => db.auditEvent.count({ where: { modelId, action: "access_requests.exported" } });

describe("exportModelRequestsCsv", () => {
  it("gives a reviewer every request of the model, oldest first, with applicant, answers, status and dates", async () => {
    const { model, reviewer, ref } = await setup();
    const a = await createResearcher({ name: "Ada Lovelace", affiliation: "Engines, Ltd", country: "GB" });
    const b = await createResearcher({ name: "Grace", affiliation: "Navy", country: "US" });
    emails.push(a.user.email!, b.user.email!);
    const first = await createRequest({
      userId: a.user.id,
      modelId: model.id,
      status: "REJECTED",
      reasonText: "Too vague",
      createdAt: new Date("2026-01-02T10:00:00Z"),
      decidedAt: new Date("2026-01-03T10:00:00Z"),
    });
    await db.accessRequest.update({
      where: { id: first.id },
      data: { answers: { purpose: 'Line one\nwith "quotes", commas', tools: ["torch", "onnx"], agree: true, old: 1 } },
    });
    const second = await createRequest({ userId: b.user.id, modelId: model.id });
    await db.accessRequest.update({ where: { id: second.id }, data: { answers: { purpose: "Eval", agree: false } } });
    const other = await createGatedModel({ org: `csvo${uid()}` });
    modelIds.push(other.id);
    await createRequest({ userId: a.user.id, modelId: other.id });

    const { filename, stream } = await exportModelRequestsCsv(reviewer, ref);
    expect(filename).toMatch(new RegExp(`^${model.org}-${model.name}-requests-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const [header, ...rows] = await readCsv(stream);
    expect(header).toEqual([
      "requestId",
      "submittedAt",
      "status",
      "decidedAt",
      "expiresAt",
      "reason",
      "name",
      "email",
      "affiliation",
      "position",
      "country",
      "formVersion",
      "Purpose",
      "Tools",
      "I agree",
      "other answers",
    ]);
    expect(rows.map((r) => r[0])).toEqual([first.id, second.id]);
    expect(rows[0]).toEqual([
      first.id,
      "2026-01-02T10:00:00.000Z",
      "REJECTED",
      "2026-01-03T10:00:00.000Z",
      "",
      "Too vague",
      "Ada Lovelace",
      a.user.email,
      "Engines, Ltd",
      "Researcher",
      "GB",
      "1",
      'Line one\nwith "quotes", commas',
      "torch; onnx",
      "Yes",
      '{"old":1}',
    ]);
    expect(rows[1]!.slice(12)).toEqual(["Eval", "", "No", ""]);
    expect(await exportsOf(model.id)).toBe(1);
  });

  it("prefixes cells a spreadsheet would run as a formula", async () => {
    const { model, reviewer, ref } = await setup();
    const a = await createResearcher({ name: '=HYPERLINK("http://evil")', affiliation: "+1+2", position: "@SUM(A1)" });
    emails.push(a.user.email!);
    const r = await createRequest({ userId: a.user.id, modelId: model.id });
    await db.accessRequest.update({ where: { id: r.id }, data: { answers: { purpose: "-2+3", agree: true } } });
    const [, row] = await readCsv((await exportModelRequestsCsv(reviewer, ref)).stream);
    expect(row!.slice(6, 10)).toEqual(['\'=HYPERLINK("http://evil")', a.user.email, "'+1+2", "'@SUM(A1)"]);
    expect(row![12]).toBe("'-2+3");
  });

  it("an admin may export any model", async () => {
    const { model, ref } = await setup();
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    const [header] = await readCsv((await exportModelRequestsCsv(admin, ref)).stream);
    expect(header![0]).toBe("requestId");
    expect(await exportsOf(model.id)).toBe(1);
  });

  it("is 404 for a researcher, another model's reviewer and a read-scope token, 401 anonymous; nothing is recorded", async () => {
    const { model, reviewer, ref } = await setup();
    const { ref: otherRef } = await setup();
    const researcher = callerOf(await createUser());
    const notFound = { code: "NOT_FOUND", status: 404 };
    await expect(exportModelRequestsCsv(null, ref)).rejects.toMatchObject({ code: "SIGN_IN_REQUIRED", status: 401 });
    await expect(exportModelRequestsCsv(researcher, ref)).rejects.toMatchObject(notFound);
    await expect(exportModelRequestsCsv({ ...reviewer, scope: "READ" }, ref)).rejects.toMatchObject(notFound);
    await expect(exportModelRequestsCsv(reviewer, { org: ref.org, name: "nope" })).rejects.toMatchObject(notFound);
    expect(otherRef.org).not.toBe(ref.org);
    const outsider = callerOf(await createUser());
    await createModelReviewer(outsider.id, (await db.model.findFirstOrThrow({ where: { org: otherRef.org } })).id);
    await expect(exportModelRequestsCsv(outsider, ref)).rejects.toMatchObject(notFound);
    expect(await exportsOf(model.id)).toBe(0);
  });
});
