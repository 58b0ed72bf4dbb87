-- The profile as submitted with each request. Existing rows stay null ("not recorded"): today's
-- profile is not what they were submitted with.
-- AlterTable
ALTER TABLE "AccessRequest" ADD COLUMN     "profileSnapshot" JSONB;
