-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "pickedUpAt" TIMESTAMP(3),
ADD COLUMN     "queueWaitMs" INTEGER,
ADD COLUMN     "renderMs" INTEGER,
ADD COLUMN     "uploadMs" INTEGER,
ADD COLUMN     "frames" INTEGER,
ADD COLUMN     "outputBytes" INTEGER,
ADD COLUMN     "cpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "OrderAttempt" (
    "id" SERIAL NOT NULL,
    "orderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "errorDetail" TEXT,
    "renderMs" INTEGER,
    "uploadMs" INTEGER,
    "cpuSeconds" DOUBLE PRECISION,

    CONSTRAINT "OrderAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "host" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "orderId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "intervalMs" INTEGER NOT NULL,
    "rendersDone" INTEGER NOT NULL DEFAULT 0,
    "rendersFailed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WorkerHeartbeat_pkey" PRIMARY KEY ("host")
);

-- CreateTable
CREATE TABLE "FleetSample" (
    "slot" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "visible" INTEGER,
    "inFlight" INTEGER,
    "deadLetter" INTEGER,
    "workers" INTEGER NOT NULL,
    "rendering" INTEGER NOT NULL,

    CONSTRAINT "FleetSample_pkey" PRIMARY KEY ("slot")
);

-- CreateTable
CREATE TABLE "FleetState" (
    "key" TEXT NOT NULL,
    "desired" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FleetState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Order_finishedAt_idx" ON "Order"("finishedAt");

-- CreateIndex
CREATE INDEX "OrderAttempt_orderId_number_idx" ON "OrderAttempt"("orderId", "number");

-- CreateIndex
CREATE INDEX "WorkerHeartbeat_lastSeenAt_idx" ON "WorkerHeartbeat"("lastSeenAt");

-- CreateIndex
CREATE INDEX "FleetSample_at_idx" ON "FleetSample"("at");

-- AddForeignKey
ALTER TABLE "OrderAttempt" ADD CONSTRAINT "OrderAttempt_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
