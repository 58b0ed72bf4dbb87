-- DropIndex
DROP INDEX "LicenseAcceptance_userId_licenseVersionId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "LicenseAcceptance_userId_licenseVersionId_key" ON "LicenseAcceptance"("userId", "licenseVersionId");
