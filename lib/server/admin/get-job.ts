import "server-only";
import type { AdminJobDetail } from "../../contracts/admin";
import { storySpecSchema } from "../../contracts/story-spec";
import { computeTimeline } from "../../timeline";
import { presignDownload } from "../../platform/storage";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { getOrderTitle } from "../orders/download-name";

/** One order as the console's job detail: spec summary, figures, every attempt, links to its outputs. */
export async function getJob(orderId: string): Promise<AdminJobDetail> {
  const order = await getDb().order.findUnique({
    where: { id: orderId },
    include: { attemptLog: { orderBy: [{ number: "asc" }, { id: "asc" }] } },
  });
  if (!order) throw new AppError("not_found", "No such order");
  const parsed = storySpecSchema.safeParse(order.spec);
  const spec = parsed.success ? parsed.data : null;
  const isDone = order.status === "done" && order.videoKey && order.posterKey && !order.deletedAt;
  const [videoUrl, posterUrl] = isDone
    ? await Promise.all([presignDownload(order.videoKey!, { contentType: "video/mp4" }), presignDownload(order.posterKey!, { contentType: "image/jpeg" })])
    : [null, null];
  const lastNumber = order.attemptLog.at(-1)?.number ?? 0;
  return {
    id: order.id,
    title: getOrderTitle(order),
    status: order.status,
    progress: order.progress,
    createdAt: order.createdAt.toISOString(),
    enqueuedAt: order.enqueuedAt?.toISOString() ?? null,
    pickedUpAt: order.pickedUpAt?.toISOString() ?? null,
    startedAt: order.startedAt?.toISOString() ?? null,
    finishedAt: order.finishedAt?.toISOString() ?? null,
    workerHost: order.workerHost,
    error: order.error,
    errorDetail: order.errorDetail,
    spec: {
      slides: spec?.slides.length ?? 0,
      durationMs: order.durationMs ?? (spec ? computeTimeline(spec).durationMs : null),
      aspectRatio: spec?.aspectRatio ?? "?",
      resolution: spec?.resolution ?? "?",
      transition: spec?.transition ?? "?",
      hasMusic: Boolean(spec?.music),
      hasTitleCard: Boolean(spec?.titleCard),
      kenBurnsSlides: spec?.slides.filter((s) => s.kenBurns).length ?? 0,
    },
    figures: {
      queueWaitMs: order.queueWaitMs,
      renderMs: order.renderMs,
      uploadMs: order.uploadMs,
      cpuSeconds: order.cpuSeconds,
      frames: order.frames,
      outputBytes: order.outputBytes,
      durationMs: order.durationMs,
    },
    attempts: order.attemptLog.map((a) => {
      // An attempt that never ended while the order moved on: its worker died.
      const isLost = !a.endedAt && (a.number < lastNumber || !["rendering"].includes(order.status));
      return {
        number: a.number,
        host: a.host,
        startedAt: a.startedAt.toISOString(),
        endedAt: a.endedAt?.toISOString() ?? null,
        outcome: a.outcome ?? (isLost ? "lost" : null),
        errorDetail: a.errorDetail,
        renderMs: a.renderMs,
        uploadMs: a.uploadMs,
        cpuSeconds: a.cpuSeconds,
      };
    }),
    videoUrl,
    posterUrl,
  };
}
