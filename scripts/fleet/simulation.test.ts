import { describe, expect, it } from "vitest";
import { DEFAULT_DAY, dailyCurve, drawArrivals, renderSeconds, seededRandom, simulateDay } from "./simulation";

const smallDay = { ordersPerDay: 2000, spike: DEFAULT_DAY.spike };
const auto = { kind: "auto" as const, min: 1, max: 50, targetWaitSeconds: 60, scaleOutCooldownSeconds: 10, scaleInCooldownSeconds: 180, intervalSeconds: 60 };

describe("the fleet simulation", () => {
  it("is seeded: the same seed gives the same day, another seed another", () => {
    const a = simulateDay({ seed: 7, day: smallDay, policy: auto, startupSeconds: 60 });
    const b = simulateDay({ seed: 7, day: smallDay, policy: auto, startupSeconds: 60 });
    const c = simulateDay({ seed: 8, day: smallDay, policy: auto, startupSeconds: 60 });
    expect(b).toEqual(a);
    expect(c.orders).not.toBe(a.orders);
  });

  it("draws about the day's orders, ten times as dense in the spike", () => {
    const arrivals = drawArrivals(smallDay, seededRandom(1));
    expect(arrivals.length).toBeGreaterThan(2000 * 0.9);
    expect(arrivals.length).toBeLessThan(2000 * 1.3); // the spike adds ~(factor − 1) × 15 min of the evening rate
    const { atSeconds, seconds } = smallDay.spike;
    const inSpike = arrivals.filter((t) => t >= atSeconds && t < atSeconds + seconds).length;
    const hourBefore = arrivals.filter((t) => t >= atSeconds - 3600 && t < atSeconds).length;
    expect(inSpike / (hourBefore / 4)).toBeGreaterThan(6);
    expect(dailyCurve(4 * 3600)).toBeCloseTo(0.15);
    expect(dailyCurve(16 * 3600)).toBeCloseTo(1);
  });

  it("renders Ken Burns and 1080p slower, in the bench's proportions", () => {
    const shape = { photos: 10, outputSeconds: 25.5 };
    expect(renderSeconds({ ...shape, resolution: "1080p", kenBurns: false })).toBeCloseTo(8.59 + 2, 1);
    expect(renderSeconds({ ...shape, resolution: "1080p", kenBurns: true })).toBeCloseTo(17.19 + 2, 1);
    expect(renderSeconds({ ...shape, resolution: "720p", kenBurns: true })).toBeLessThan(renderSeconds({ ...shape, resolution: "1080p", kenBurns: true }));
  });

  it("renders every order, and one worker cannot keep up where the Encode Master can", () => {
    const one = simulateDay({ seed: 3, day: smallDay, policy: { kind: "fixed", workers: 1 }, startupSeconds: 60 });
    const master = simulateDay({ seed: 3, day: smallDay, policy: auto, startupSeconds: 60 });
    expect(master.orders).toBe(one.orders);
    expect(one.waits.p95).toBeGreaterThan(600);
    expect(master.waits.p95).toBeLessThan(one.waits.p95 / 5);
    expect(master.peakWorkers).toBeGreaterThan(1);
    expect(master.peakWorkers).toBeLessThanOrEqual(50);
    expect(master.utilisation).toBeGreaterThan(0);
    expect(master.utilisation).toBeLessThanOrEqual(1);
    // A fixed fleet as large as the Encode Master's peak waits less but costs more worker-hours.
    const big = simulateDay({ seed: 3, day: smallDay, policy: { kind: "fixed", workers: master.peakWorkers }, startupSeconds: 60 });
    expect(big.workerHours).toBeGreaterThan(master.workerHours);
  });
});
