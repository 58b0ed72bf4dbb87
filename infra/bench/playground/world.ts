// Arranges bench:playground's user as the e2e fixtures do (e2e/fixtures/session.ts, access-world.ts):
// a User row with a complete profile and a database Session (what next-auth writes after a magic-link
// sign-in), then the gate through the app's own API: the license accepted (OPEN), or a request
// submitted and, for MANUAL gating, approved in the database as a reviewer would. The model bytes
// for the bare page come through a playground session like the page's, checked against their sha256.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { ZPlaygroundSession, type TPlaygroundFile } from "@/lib/schemas/playground";
import { ZFormDefinition } from "@/lib/schemas/access-form";
import type { Feed } from "@/lib/playground/tensor-feeds";
import { benchFeeds, formAnswers } from "./inputs";

export const SESSION_COOKIE = "next-auth.session-token";

export type BenchModel = { slug: string; task: string; file: TPlaygroundFile; bytes: Uint8Array; feeds: Feed[] };
export type BenchWorld = {
  userId: string;
  sessionToken: string;
  models: BenchModel[];
  failed: { slug: string; error: string }[];
};

const id = (prefix: string) => `${prefix}${randomUUID().replaceAll("-", "")}`;

/** The user, their grants on `slugs`, and each model's main file (as the page picks it) with its bytes and feeds. */
export const seedPlaygroundWorld = async ({
  appUrl,
  databaseUrl,
  slugs,
}: {
  appUrl: string;
  databaseUrl: string;
  slugs: string[];
}): Promise<BenchWorld> => {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const userId = id("bench");
    const sessionToken = randomBytes(32).toString("hex");
    await db.query(
      `INSERT INTO "User" (id, email, role, "emailVerified", "updatedAt", name, affiliation, position, country, "profileUpdatedAt")
       VALUES ($1, $2, 'RESEARCHER', now(), now(), 'Bench Researcher', 'Bench University', 'PhD student', 'DE', now() AT TIME ZONE 'UTC')`,
      [userId, `bench-playground-${userId.slice(-8)}@bench.test`],
    );
    await db.query(
      `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`,
      [id("bench"), sessionToken, userId],
    );
    const api = async (method: string, url: string, body?: unknown) => {
      // Same-origin writes only (lib/http/api-route.ts): say where we come from, as a browser would.
      const res = await fetch(`${appUrl}${url}`, {
        method,
        headers: { cookie: `${SESSION_COOKIE}=${sessionToken}`, origin: appUrl, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as unknown;
    };

    const models: BenchModel[] = [];
    const failed: BenchWorld["failed"] = [];
    for (const slug of slugs) {
      try {
        const { rows } = await db.query<{
          id: string;
          gating: string;
          task: string;
          licenseVersionId: string;
          formDefinition: unknown;
        }>(
          `SELECT id, gating::text, task, "currentLicenseVersionId" AS "licenseVersionId", "formDefinition" FROM "Model" WHERE slug = $1`,
          [slug],
        );
        const m = rows[0];
        if (!m) throw new Error("no such model in the seeded catalog");
        if (m.gating === "OPEN")
          await api("POST", `/api/v1/models/${slug}/license-acceptances`, { licenseVersionId: m.licenseVersionId });
        else {
          const answers = formAnswers(ZFormDefinition.parse(m.formDefinition ?? []));
          const submitted = (await api("POST", `/api/v1/models/${slug}/access-requests`, {
            answers,
            licenseVersionId: m.licenseVersionId,
          })) as { request: { id: string; status: string } };
          if (submitted.request.status === "PENDING")
            await db.query(
              `UPDATE "AccessRequest" SET status = 'APPROVED', "decidedAt" = now(), "expiresAt" = now() + interval '30 days', "updatedAt" = now() WHERE id = $1`,
              [submitted.request.id],
            );
        }
        const state = (await api("GET", `/api/v1/models/${slug}/access`)) as { code: string; message: string };
        if (state.code !== "GRANTED") throw new Error(`the gate says ${state.code}: ${state.message}`);
        models.push(await fetchModel(api, slug, m.task));
      } catch (e) {
        failed.push({ slug, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return { userId, sessionToken, models, failed };
  } finally {
    await db.end();
  }
};

/** The file the page creates its session from (`model.onnx`, else the first), downloaded and checked. */
const fetchModel = async (
  api: (m: string, u: string, b?: unknown) => Promise<unknown>,
  slug: string,
  task: string,
): Promise<BenchModel> => {
  const session = ZPlaygroundSession.parse(await api("POST", `/api/v1/models/${slug}/playground-sessions`, {}));
  const file = session.files.find((f) => /(^|\/)model\.onnx$/i.test(f.path)) ?? session.files[0]!;
  const res = await fetch(file.url);
  if (!res.ok) throw new Error(`${file.path}: download HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== file.sha256) throw new Error(`${file.path}: sha256 ${sha} is not the registry's ${file.sha256}`);
  if (!file.inspection) throw new Error(`${file.path} has no inspection, so its inputs are unknown`);
  return { slug, task, file, bytes, feeds: benchFeeds(task, file.inspection) };
};
