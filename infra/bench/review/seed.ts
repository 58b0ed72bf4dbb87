// Bulk seed for the review benchmark: users with profiles, models with reviewers, and access
// requests, written with set-based SQL (generate_series) instead of domain functions, so 100,000
// requests take seconds. Deterministic: every "random" choice is a hash of the row number.
import type pg from "pg";

export type ReviewData = {
  adminId: string;
  adminEmail: string;
  /** The measured reviewer and the models assigned to them. */
  reviewerId: string;
  reviewerModelSlugs: string[];
  modelIds: string[];
  modelSlugs: string[];
  researcherIds: string[];
  users: number;
  requests: number;
};

const COUNTRIES = [
  "US",
  "GB",
  "DE",
  "FR",
  "CN",
  "JP",
  "IN",
  "CA",
  "AU",
  "NL",
  "CH",
  "SE",
  "KR",
  "SG",
  "IL",
  "BR",
  "IT",
  "ES",
  "PL",
  "FI",
  "DK",
  "NO",
  "AT",
  "BE",
  "IE",
  "NZ",
  "TW",
  "MX",
  "ZA",
  "PT",
  "CZ",
];
const AFFILIATIONS = [
  "University of Oxford",
  "University of Cambridge",
  "Massachusetts Institute of Technology",
  "Stanford University",
  "ETH Zurich",
  "EPFL",
  "Max Planck Institute for Intelligent Systems",
  "Tsinghua University",
  "Peking University",
  "University of Tokyo",
  "Indian Institute of Science",
  "University of Toronto",
  "Mila - Quebec AI Institute",
  "University of Melbourne",
  "Technical University of Munich",
  "Sorbonne University",
  "Inria",
  "KAIST",
  "National University of Singapore",
  "Weizmann Institute of Science",
  "University of São Paulo",
  "Politecnico di Milano",
  "University of Amsterdam",
  "KTH Royal Institute of Technology",
  "University of Helsinki",
  "Aalto University",
  "Acme Robotics Ltd",
  "Northwind Analytics",
  "Globex Research Lab",
  "Initech AI",
  "Umbrella Health",
  "Carnegie Mellon University",
  "University of California, Berkeley",
  "Imperial College London",
  "University College London",
  "Allen Institute",
  "Independent researcher",
  "Seoul National University",
  "University of Edinburgh",
  "McGill University",
];
const POSITIONS = [
  "PhD student",
  "Postdoc",
  "Professor",
  "Research engineer",
  "Data scientist",
  "MSc student",
  "Lecturer",
];
const TASKS = [
  "text-generation",
  "automatic-speech-recognition",
  "image-classification",
  "object-detection",
  "translation",
];
export const BENCH_MODELS = 20;

/** Row i's pick from a list, by a hash of (salt, i): the same on every run. */
const hash = (salt: string, i = "i") => `abs(hashtext('${salt}' || ${i})::bigint)`;
const pick = (list: string, salt: string) => `(${list})[1 + ${hash(salt)} % array_length(${list}, 1)]`;

/**
 * Seeds `requests` access requests over max(500, requests / 10) researchers and 20 models. Request i
 * belongs to user i mod U and model ((i div U) + (i mod U)) mod 20: each (user, model) pair gets
 * at most one request, so the one-open-request partial unique index holds whatever the status.
 */
export const seedReviewData = async (pool: pg.Pool, { requests }: { requests: number }): Promise<ReviewData> => {
  const users = Math.max(500, Math.ceil(requests / 10));
  if (requests > users * BENCH_MODELS) throw new Error("too many requests for the users and models");
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query(
      `INSERT INTO "User" (id, email, "emailVerified", name, role, affiliation, position, country, orcid, "orcidVerifiedAt", "profileUpdatedAt", "createdAt", "updatedAt")
       SELECT 'bench-user-' || i, 'researcher' || i || '@' || lower(regexp_replace(aff, '[^A-Za-z]+', '', 'g')) || '.example',
              CASE WHEN i % 10 < 8 THEN now() END, 'Researcher ' || i, 'RESEARCHER', aff, ${pick("$2::text[]", "p")}, ${pick("$1::text[]", "c")},
              CASE WHEN i % 3 = 0 THEN '0000-0002-' || lpad((i % 10000)::text, 4, '0') || '-' || lpad((i % 997)::text, 4, '0') END,
              CASE WHEN i % 6 = 0 THEN now() END, now(), now() - interval '400 days', now()
       FROM (SELECT i, ${pick("$3::text[]", "a")} AS aff FROM generate_series(0, $4::int - 1) AS i) s`,
      [COUNTRIES, POSITIONS, AFFILIATIONS, users],
    );
    await c.query(
      `INSERT INTO "User" (id, email, "emailVerified", name, role, "createdAt", "updatedAt")
       VALUES ('bench-admin', 'admin@bench.example', now(), 'Bench Admin', 'ADMIN', now(), now())`,
    );
    // Two licenses (one version each; the check constraint wants the text's own sha256).
    await c.query(
      `INSERT INTO "License" (id, slug, name) VALUES ('bench-lic-0', 'bench-research', 'Bench Research License'), ('bench-lic-1', 'bench-open', 'Bench Open License')`,
    );
    await c.query(
      `INSERT INTO "LicenseVersion" (id, "licenseId", version, text, sha256)
       SELECT 'bench-lv-' || k, 'bench-lic-' || k, '1.0', t, encode(sha256(convert_to(t, 'UTF8')), 'hex')
       FROM (SELECT k, 'Benchmark license ' || k || ' text.' AS t FROM generate_series(0, 1) AS k) s`,
    );
    await c.query(
      `INSERT INTO "Model" (id, slug, org, name, title, task, gating, "currentLicenseVersionId", "grantDurationDays", "updatedAt")
       SELECT 'bench-model-' || k, 'bench-org-' || (k % 4) || '/model-' || k, 'bench-org-' || (k % 4), 'model-' || k,
              'Bench model ' || k, ($1::text[])[1 + k % array_length($1, 1)], CASE WHEN k % 5 = 0 THEN 'AUTO' ELSE 'MANUAL' END::"Gating",
              'bench-lv-' || (k % 2), 365, now()
       FROM generate_series(0, $2::int - 1) AS k`,
      [TASKS, BENCH_MODELS],
    );
    // Ten reviewers with two models each; reviewer 0 (the measured one) also gets model 2: three models.
    await c.query(
      `INSERT INTO "User" (id, email, "emailVerified", name, role, "createdAt", "updatedAt")
       SELECT 'bench-reviewer-' || r, 'reviewer' || r || '@bench.example', now(), 'Reviewer ' || r, 'RESEARCHER', now(), now()
       FROM generate_series(0, 9) AS r`,
    );
    await c.query(
      `INSERT INTO "ModelReviewer" ("userId", "modelId", "assignedById")
       SELECT 'bench-reviewer-' || (k / 2), 'bench-model-' || k, 'bench-admin' FROM generate_series(0, $1::int - 1) AS k
       UNION ALL SELECT 'bench-reviewer-0', 'bench-model-2', 'bench-admin'`,
      [BENCH_MODELS],
    );
    // Status by a hash of i: 60% pending, 15% approved, 12% rejected, 5% withdrawn, 5% expired, 3% revoked;
    // created up to a year ago.
    await c.query(
      `INSERT INTO "AccessRequest" (id, "userId", "modelId", answers, "formVersion", "licenseVersionId", status, "reasonCode", "reasonText",
                                    "ruleOutcome", "decidedById", "decidedAt", "expiresAt", "revokedAt", "withdrawnAt", "createdAt", "updatedAt")
       SELECT 'bench-req-' || i, 'bench-user-' || (i % $2::int), 'bench-model-' || m,
              jsonb_build_object('purpose', 'Benchmark research use number ' || i, 'institutionType', 'academic'), 1, 'bench-lv-' || (m % 2), st::"RequestStatus",
              CASE WHEN st = 'REJECTED' THEN 'NOT_ELIGIBLE' END, CASE WHEN st IN ('REJECTED', 'REVOKED') THEN 'Benchmark reason' END,
              CASE WHEN m % 5 = 0 THEN '{"outcome":"MANUAL","checks":[]}'::jsonb END,
              CASE WHEN st IN ('APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED') THEN 'bench-reviewer-' || (m / 2) END,
              CASE WHEN st IN ('APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED') THEN created + interval '2 days' END,
              CASE WHEN st = 'APPROVED' THEN now() + interval '200 days' WHEN st = 'EXPIRED' THEN now() - interval '1 day' END,
              CASE WHEN st = 'REVOKED' THEN now() - interval '3 days' END,
              CASE WHEN st = 'WITHDRAWN' THEN created + interval '1 day' END,
              created, created
       FROM (
         SELECT i, ((i / $2::int) + (i % $2::int)) % $3::int AS m,
                CASE WHEN h < 60 THEN 'PENDING' WHEN h < 75 THEN 'APPROVED' WHEN h < 87 THEN 'REJECTED'
                     WHEN h < 92 THEN 'WITHDRAWN' WHEN h < 97 THEN 'EXPIRED' ELSE 'REVOKED' END AS st,
                date_trunc('milliseconds', now() - (${hash("t")} % 365) * interval '1 day' - (${hash("u")} % 86400000) * interval '1 millisecond') AS created
         FROM (SELECT i, ${hash("s")} % 100 AS h FROM generate_series(0, $1::int - 1) AS i) s
       ) r`,
      [requests, users, BENCH_MODELS],
    );
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
  const modelIds = Array.from({ length: BENCH_MODELS }, (_, k) => `bench-model-${k}`);
  const modelSlugs = Array.from({ length: BENCH_MODELS }, (_, k) => `bench-org-${k % 4}/model-${k}`);
  return {
    adminId: "bench-admin",
    adminEmail: "admin@bench.example",
    reviewerId: "bench-reviewer-0",
    reviewerModelSlugs: [0, 1, 2].map((k) => modelSlugs[k] as string),
    modelIds,
    modelSlugs,
    researcherIds: Array.from({ length: users }, (_, i) => `bench-user-${i}`),
    users,
    requests,
  };
};

/** Audit actions the seeded log cycles through (13, prime to the 21 model and 103 actor slots). */
export const BENCH_AUDIT_ACTIONS = [
  "access_request.submitted",
  "access_request.approved",
  "access_request.rejected",
  "access_request.withdrawn",
  "access_request.expired",
  "access_request.revoked",
  "access_request.reminder_sent",
  "license.accepted",
  "download.url_issued",
  "token.created",
  "user.profile_updated",
  "reviewer.assigned",
  "user.role_changed",
];
