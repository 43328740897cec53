-- AlterTable
ALTER TABLE "Order" ADD COLUMN "failedSlideIndex" INTEGER,
ADD COLUMN "failedAssetId" TEXT,
ADD COLUMN "deletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DeviceLink" (
    "idHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "DeviceLink_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "DeviceLink_sessionId_createdAt_idx" ON "DeviceLink"("sessionId", "createdAt");
