-- AlterTable
ALTER TABLE "Asset" ADD COLUMN "sniffedType" TEXT,
ADD COLUMN "checkStartedAt" TIMESTAMP(3);
