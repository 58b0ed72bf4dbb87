import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { csvStream, noFormula, toCsv } from "@/lib/csv";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { parseFormDefinition } from "@/lib/schemas/access-form";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";

const BATCH = 1000;

const requestSelect = {
  id: true,
  status: true,
  answers: true,
  formVersion: true,
  reasonText: true,
  createdAt: true,
  decidedAt: true,
  expiresAt: true,
  user: { select: { name: true, email: true, affiliation: true, position: true, country: true } },
} as const;

/** An answer as a reader wants it in a cell: Yes/No for a checkbox, a list joined with "; ". */
const answerCell = (value: unknown): string | null => {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(String).join("; ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
};

/**
 * A model's access requests as CSV for its reviewers and admins, oldest first: applicant (name, e-mail,
 * affiliation, position, country), one column per question of the current form (answers to questions
 * since removed go to "other answers"), status and dates. Every free-text cell is formula-safe.
 * The export is audited before the first byte; for anyone who may not review the model it does not exist (404).
 */
export const exportModelRequestsCsv = async (
  caller: Caller | null,
  params: TModelRouteParams,
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, reviewableModelsWhere(caller)] },
    select: { id: true, slug: true, formDefinition: true },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  const fields = parseFormDefinition(model.formDefinition);
  const known = new Set(fields.map((f) => f.name));
  const columns = [
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
    ...fields.map((f) => f.label),
    "other answers",
  ];
  // Taken before the first read: rows submitted while the file streams are left for the next export.
  const until = new Date();
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: caller.id,
      action: "access_requests.exported",
      modelId: model.id,
      targetType: "Model",
      targetId: model.id,
      data: { until: until.toISOString() },
    }),
  );

  type Row = Awaited<ReturnType<typeof fetchBatch>>[number];
  const fetchBatch = (last: { id: string; createdAt: Date } | null) =>
    db.accessRequest.findMany({
      where: {
        modelId: model.id,
        createdAt: { lte: until },
        ...(last
          ? { OR: [{ createdAt: { gt: last.createdAt } }, { createdAt: last.createdAt, id: { gt: last.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      select: requestSelect,
    });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const format = (rows: Row[]) =>
    toCsv(
      rows.map((r) => {
        const answers = (r.answers ?? {}) as Record<string, unknown>;
        const others = Object.fromEntries(Object.entries(answers).filter(([k]) => !known.has(k)));
        return [
          r.id,
          iso(r.createdAt),
          r.status,
          iso(r.decidedAt),
          iso(r.expiresAt),
          r.reasonText,
          r.user.name,
          r.user.email,
          r.user.affiliation,
          r.user.position,
          r.user.country,
          String(r.formVersion),
          ...fields.map((f) => answerCell(answers[f.name])),
          Object.keys(others).length ? JSON.stringify(others) : null,
        ].map(noFormula);
      }),
    );
  return {
    filename: `${model.slug.replace("/", "-")}-requests-${until.toISOString().slice(0, 10)}.csv`,
    stream: csvStream<Row>({ header: toCsv([], columns), batchSize: BATCH, fetchAfter: fetchBatch, format }),
  };
};
