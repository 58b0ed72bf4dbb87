-- CreateEnum
CREATE TYPE "CopyStatus" AS ENUM ('PREPARING', 'READY', 'UNMARKED', 'FAILED');

-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "fingerprintPaths" TEXT,
ADD COLUMN     "fingerprinting" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "FingerprintCopy" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "storageKey" TEXT,
    "sha256" CHAR(64),
    "size" BIGINT,
    "status" "CopyStatus" NOT NULL DEFAULT 'PREPARING',
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FingerprintCopy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FingerprintCopy_storageKey_key" ON "FingerprintCopy"("storageKey");

-- CreateIndex
CREATE INDEX "FingerprintCopy_fileId_idx" ON "FingerprintCopy"("fileId");

-- CreateIndex
CREATE INDEX "FingerprintCopy_sha256_idx" ON "FingerprintCopy"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "FingerprintCopy_grantId_fileId_key" ON "FingerprintCopy"("grantId", "fileId");

-- AddForeignKey
ALTER TABLE "FingerprintCopy" ADD CONSTRAINT "FingerprintCopy_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "AccessRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FingerprintCopy" ADD CONSTRAINT "FingerprintCopy_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "ModelFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
