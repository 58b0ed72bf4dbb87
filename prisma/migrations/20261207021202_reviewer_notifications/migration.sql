-- CreateEnum
CREATE TYPE "ReviewerNotificationMode" AS ENUM ('EACH', 'DIGEST', 'NONE');

-- CreateTable
CREATE TABLE "ReviewerNotification" (
    "userId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "mode" "ReviewerNotificationMode" NOT NULL DEFAULT 'EACH',
    "digestSentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewerNotification_pkey" PRIMARY KEY ("userId","modelId")
);

-- CreateIndex
CREATE INDEX "ReviewerNotification_mode_idx" ON "ReviewerNotification"("mode");

-- AddForeignKey
ALTER TABLE "ReviewerNotification" ADD CONSTRAINT "ReviewerNotification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewerNotification" ADD CONSTRAINT "ReviewerNotification_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;
