-- CreateIndex
CREATE INDEX "AccessRequest_status_createdAt_id_idx" ON "AccessRequest"("status", "createdAt", "id");
