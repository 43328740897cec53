import { describe, expect, it } from "vitest";
import { estimateQueueWait, type QueueWorkload } from "./estimate-queue-wait";

const rendering = (workerHost: string, progress: number, elapsedMs: number, videoMs = 10_000) => ({ workerHost, progress, elapsedMs, videoMs });
/** Recent renders that took 1.1 ms per ms of video (a 10 s video in 11 s). */
const recent = [10_000, 11_000, 12_000].map((renderMs) => ({ renderMs, videoMs: 10_000 }));
const workload = (patch: Partial<QueueWorkload>): QueueWorkload => ({ queuedAhead: 0, aheadVideoMs: [], ownVideoMs: 10_000, rendering: [], recent, ...patch });

describe("estimateQueueWait", () => {
  it("six ahead on one renderer, 10 s videos rendered in ~11 s: starts in ~1 min, ready ~11 s later", () => {
    const ahead = Array(5).fill(10_000);
    // The projected one (half in 5.5 s: 1.1 ms/ms) joins the samples; the median stays 1.1.
    const estimate = estimateQueueWait(workload({ queuedAhead: 5, aheadVideoMs: ahead, rendering: [rendering("a", 0.5, 5_500)] }));
    // Five queued × 11 s, plus the 5.5 s left of the one being made.
    expect(estimate).toEqual({ startsInMs: 60_500, readyInMs: 71_500 });
  });

  it("a longer video ahead counts for more, and so does a longer own video", () => {
    const short = estimateQueueWait(workload({ queuedAhead: 1, aheadVideoMs: [5_000] }))!;
    const long = estimateQueueWait(workload({ queuedAhead: 1, aheadVideoMs: [120_000], ownVideoMs: 60_000 }))!;
    expect(short).toEqual({ startsInMs: 5_500, readyInMs: 16_500 });
    expect(long).toEqual({ startsInMs: 132_000, readyInMs: 198_000 });
  });

  it("the work is shared among the renderers at work", () => {
    const two = estimateQueueWait(workload({ queuedAhead: 4, aheadVideoMs: Array(4).fill(10_000), rendering: [rendering("a", 0.5, 5_500), rendering("b", 0.5, 5_500)] }))!;
    expect(two.startsInMs).toBe(Math.round((4 * 11_000 + 2 * 5_500) / 2));
  });

  it("orders ahead beyond those read count as the mean of those read", () => {
    const estimate = estimateQueueWait(workload({ queuedAhead: 4, aheadVideoMs: [10_000, 30_000] }))!;
    expect(estimate.startsInMs).toBe(Math.round(1.1 * (40_000 + 2 * 20_000)));
  });

  it("next in line with nothing rendering starts at once", () => {
    expect(estimateQueueWait(workload({}))).toEqual({ startsInMs: 0, readyInMs: 11_000 });
  });

  it("with no finished render yet, a render far enough along is projected", () => {
    // 30% of a 10 s video in 3 s: 10 s in all (1 ms/ms), 7 s left.
    expect(estimateQueueWait(workload({ queuedAhead: 1, aheadVideoMs: [10_000], rendering: [rendering("a", 0.3, 3_000)], recent: [] }))).toEqual({
      startsInMs: 17_000,
      readyInMs: 27_000,
    });
  });

  it("uses the median, so one very slow render does not swing it", () => {
    const slow = [...recent, { renderMs: 600_000, videoMs: 10_000 }, { renderMs: 11_000, videoMs: 10_000 }];
    expect(estimateQueueWait(workload({ queuedAhead: 2, aheadVideoMs: [10_000, 10_000], recent: slow }))!.startsInMs).toBe(22_000);
  });

  it("says nothing with nothing to go on", () => {
    expect(estimateQueueWait(workload({ queuedAhead: 3, recent: [] }))).toBeNull();
    expect(estimateQueueWait(workload({ queuedAhead: 3, rendering: [rendering("a", 0.01, 500)], recent: [] }))).toBeNull();
  });
});
