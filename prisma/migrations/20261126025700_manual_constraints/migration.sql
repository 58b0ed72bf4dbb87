-- manual: constraints schema.prisma cannot express. The drift test applies files whose first
-- line is `-- manual` on top of the datamodel, so keep that line.

-- One open (pending or approved) request per user and model.
CREATE UNIQUE INDEX "AccessRequest_one_open_per_user_model"
  ON "AccessRequest" ("userId", "modelId")
  WHERE "status" IN ('PENDING', 'APPROVED');

-- Rows that are evidence may never change: audit events, license acceptances and license
-- versions (the text someone accepted must stay the text they accepted).
-- Prisma's Wasm migration engine splits scripts at every semicolon (it knows neither $$ nor
-- quoted strings), so the function body is a Unicode-escaped string whose semicolons are \003B.
CREATE FUNCTION "reject_row_change"() RETURNS trigger
  LANGUAGE plpgsql AS U&'BEGIN RAISE EXCEPTION ''% rows are immutable (% refused)'', TG_TABLE_NAME, TG_OP USING ERRCODE = ''integrity_constraint_violation''\003B END\003B';

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "reject_row_change"();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "reject_row_change"();

CREATE TRIGGER "LicenseAcceptance_immutable"
  BEFORE UPDATE OR DELETE ON "LicenseAcceptance"
  FOR EACH ROW EXECUTE FUNCTION "reject_row_change"();

CREATE TRIGGER "LicenseVersion_immutable"
  BEFORE UPDATE OR DELETE ON "LicenseVersion"
  FOR EACH ROW EXECUTE FUNCTION "reject_row_change"();

-- A license version's sha256 must be the hash of its text.
ALTER TABLE "LicenseVersion"
  ADD CONSTRAINT "LicenseVersion_sha256_matches_text"
  CHECK ("sha256" = encode(sha256(convert_to("text", 'UTF8')), 'hex'));

-- Model slugs are lower-case `org/name`.
ALTER TABLE "Model"
  ADD CONSTRAINT "Model_slug_format"
  CHECK ("slug" ~ '^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$' AND "slug" = "org" || '/' || "name");
