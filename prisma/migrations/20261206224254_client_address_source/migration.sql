-- AlterTable
ALTER TABLE "LicenseAcceptance" ADD COLUMN     "ipSource" TEXT;

-- AlterTable
ALTER TABLE "DownloadEvent" ADD COLUMN     "ipSource" TEXT;
