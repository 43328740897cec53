-- AlterTable
ALTER TABLE "Asset" ADD COLUMN "sniffedType" TEXT;
