import { describe, expect, it } from "vitest";
import { estimateQueueWait } from "./estimate-queue-wait";

const worker = (workerHost: string, progress: number, elapsedMs: number) => ({ workerHost, progress, elapsedMs });

describe("estimateQueueWait", () => {
  it("six ahead on one renderer, renders of ~11 s: starts in ~66 s, ready ~11 s later", () => {
    const estimate = estimateQueueWait({ queuedAhead: 5, rendering: [worker("a", 0.5, 5_500)], recentRenderMs: [10_000, 11_000, 12_000] });
    // Five queued × 11 s, plus the 5.5 s left of the one being made.
    expect(estimate).toEqual({ startsInMs: 60_500, readyInMs: 71_500 });
  });

  it("the work is shared among the renderers at work", () => {
    const one = estimateQueueWait({ queuedAhead: 4, rendering: [worker("a", 0.5, 5_000)], recentRenderMs: [10_000] })!;
    const two = estimateQueueWait({ queuedAhead: 4, rendering: [worker("a", 0.5, 5_000), worker("b", 0.5, 5_000)], recentRenderMs: [10_000] })!;
    expect(two.startsInMs).toBeLessThan(one.startsInMs);
    expect(two.startsInMs).toBe(Math.round((4 * 10_000 + 2 * 5_000) / 2));
  });

  it("next in line with nothing rendering starts at once", () => {
    expect(estimateQueueWait({ queuedAhead: 0, rendering: [], recentRenderMs: [8_000] })).toEqual({ startsInMs: 0, readyInMs: 8_000 });
  });

  it("with no finished render yet, a render far enough along is projected", () => {
    // 30% in 3 s: 10 s in all, 7 s left.
    expect(estimateQueueWait({ queuedAhead: 1, rendering: [worker("a", 0.3, 3_000)], recentRenderMs: [] })).toEqual({ startsInMs: 17_000, readyInMs: 27_000 });
  });

  it("uses the median, so one very slow render does not swing it", () => {
    const estimate = estimateQueueWait({ queuedAhead: 2, rendering: [], recentRenderMs: [10_000, 10_000, 600_000] })!;
    expect(estimate.startsInMs).toBe(20_000);
  });

  it("says nothing with nothing to go on", () => {
    expect(estimateQueueWait({ queuedAhead: 3, rendering: [], recentRenderMs: [] })).toBeNull();
    expect(estimateQueueWait({ queuedAhead: 3, rendering: [worker("a", 0.01, 500)], recentRenderMs: [] })).toBeNull();
  });
});
