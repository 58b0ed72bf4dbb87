-- manual: download quotas are positive when set (null means unlimited). The download_quota migration
-- added these CHECKs already, but the Prisma schema cannot express them: they are (re)made here, where
-- the schema-drift test replays manual migrations after the datamodel.
ALTER TABLE "Model" DROP CONSTRAINT IF EXISTS "Model_download_quota_positive";
ALTER TABLE "Model" ADD CONSTRAINT "Model_download_quota_positive" CHECK (("downloadQuotaFiles" IS NULL OR "downloadQuotaFiles" > 0) AND ("downloadQuotaBytes" IS NULL OR "downloadQuotaBytes" > 0));
ALTER TABLE "AccessRequest" DROP CONSTRAINT IF EXISTS "AccessRequest_download_quota_positive";
ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_download_quota_positive" CHECK (("downloadQuotaFiles" IS NULL OR "downloadQuotaFiles" > 0) AND ("downloadQuotaBytes" IS NULL OR "downloadQuotaBytes" > 0));
