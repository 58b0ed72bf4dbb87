-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "downloadQuotaBytes" BIGINT,
ADD COLUMN     "downloadQuotaFiles" INTEGER;

-- AlterTable
ALTER TABLE "AccessRequest" ADD COLUMN     "downloadQuotaBytes" BIGINT,
ADD COLUMN     "downloadQuotaFiles" INTEGER;

-- AlterTable
ALTER TABLE "DownloadEvent" ADD COLUMN     "countsTowardQuota" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "DownloadEvent_requestId_fileId_urlExpiresAt_idx" ON "DownloadEvent"("requestId", "fileId", "urlExpiresAt");

-- Quotas are positive when set (null means unlimited): zod says so too, the database makes sure.
ALTER TABLE "Model" ADD CONSTRAINT "Model_download_quota_positive" CHECK (("downloadQuotaFiles" IS NULL OR "downloadQuotaFiles" > 0) AND ("downloadQuotaBytes" IS NULL OR "downloadQuotaBytes" > 0));
ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_download_quota_positive" CHECK (("downloadQuotaFiles" IS NULL OR "downloadQuotaFiles" > 0) AND ("downloadQuotaBytes" IS NULL OR "downloadQuotaBytes" > 0));
