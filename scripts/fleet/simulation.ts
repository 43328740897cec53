import { desiredWorkers, initialFleetState, RENDER_TIME_SAMPLE, type FleetState } from "../../lib/fleet/desired-workers";

// A seeded discrete-event simulation of the render fleet over a day, for
// npm run simulate:fleet (docs/fleet.md): orders arrive on a daily curve
// with a 10× spike, each takes a render time drawn from a model fitted to
// npm run bench, workers take `startupSeconds` to come up, and the fleet is
// either fixed or run by the Encode Master's policy (desiredWorkers).

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same day. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Render seconds on a 2-vCPU worker, fitted to npm run bench (docs/benchmarks.md,
 * 2026-12-01, ten 4000×3000 photos, 25.5 s of 1080p video): standard 8.59 s,
 * Ken Burns 17.19 s; with ~0.15 s to decode and prepare each photo, that is
 * 0.28 s per output second (standard) and 0.62 s (Ken Burns) at 1080p. 720p
 * is scaled by its pixel count (0.44; the renderer and x264 work per pixel).
 * Plus ~2 s per order for S3 transfers, ffmpeg start and the poster.
 */
export const RENDER_MODEL = {
  perOutputSecond: { "1080p": { standard: 0.278, kenBurns: 0.615 }, "720p": { standard: 0.278 * 0.444, kenBurns: 0.615 * 0.444 } },
  perPhotoSeconds: 0.15,
  perOrderSeconds: 2,
  /** Spread of real renders around the model (lognormal σ). */
  noiseSigma: 0.15,
} as const;

export type OrderShape = { resolution: "720p" | "1080p"; kenBurns: boolean; photos: number; outputSeconds: number };

export function renderSeconds(order: OrderShape, noise = 0): number {
  const rate = RENDER_MODEL.perOutputSecond[order.resolution][order.kenBurns ? "kenBurns" : "standard"];
  const base = RENDER_MODEL.perOrderSeconds + order.photos * RENDER_MODEL.perPhotoSeconds + order.outputSeconds * rate;
  return base * Math.exp(noise * RENDER_MODEL.noiseSigma);
}

/** An order as customers make them: 1–100 photos (median ~12), 3 s each, 40% 1080p, half with Ken Burns. */
export function drawOrder(random: () => number): OrderShape {
  const photos = Math.max(1, Math.min(100, Math.round(Math.exp(Math.log(12) + 0.8 * normal(random)))));
  return { resolution: random() < 0.4 ? "1080p" : "720p", kenBurns: random() < 0.5, photos, outputSeconds: photos * 3 };
}

export type DayShape = {
  ordersPerDay: number;
  /** Start of the spike, seconds into the day, and its length and factor. */
  spike: { atSeconds: number; seconds: number; factor: number };
};

export const DEFAULT_DAY: DayShape = { ordersPerDay: 20_000, spike: { atSeconds: 19 * 3600, seconds: 15 * 60, factor: 10 } };

/** The daily curve, relative: lowest at 04:00 (0.15), highest at 16:00 (1). */
export function dailyCurve(seconds: number): number {
  const hours = seconds / 3600;
  return 0.15 + 0.85 * ((1 - Math.cos((2 * Math.PI * (hours - 4)) / 24)) / 2) ** 1.5;
}

/** Arrival times over one day (non-homogeneous Poisson, by thinning). */
export function drawArrivals(day: DayShape, random: () => number): number[] {
  let integral = 0;
  for (let s = 0; s < 86_400; s += 60) integral += dailyCurve(s) * 60;
  const scale = day.ordersPerDay / integral;
  const rate = (t: number) => scale * dailyCurve(t) * (t >= day.spike.atSeconds && t < day.spike.atSeconds + day.spike.seconds ? day.spike.factor : 1);
  const peak = scale * day.spike.factor;
  const arrivals: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - random()) / peak;
    if (t >= 86_400) return arrivals;
    if (random() < rate(t) / peak) arrivals.push(t);
  }
}

export type FleetPolicy =
  | { kind: "fixed"; workers: number }
  | { kind: "auto"; min: number; max: number; targetWaitSeconds: number; scaleOutCooldownSeconds: number; scaleInCooldownSeconds: number; intervalSeconds: number };

export type SimulationResult = {
  orders: number;
  waits: { p50: number; p95: number; p99: number; max: number };
  workerHours: number;
  utilisation: number;
  peakWorkers: number;
  /** Workers started over the day (each a container start in production). */
  workerStarts: number;
  /** Every `sampleSeconds`: time, orders waiting, workers up or starting. */
  series: { t: number; backlog: number; workers: number }[];
};

type Worker = { id: number; createdAt: number; readyAt: number; busyUntil: number | null; retiring: boolean; stoppedAt: number | null; busySeconds: number };
type Event = { t: number; kind: "arrival" | "ready" | "done" | "tick" | "sample"; worker?: Worker; seq: number };

/** A binary heap of events by time (then insertion order). */
class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  push(event: Omit<Event, "seq">) {
    const item = { ...event, seq: this.seq++ } as Event;
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Event, b: Event) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/** Runs one day (and until the last order is rendered) against a fleet policy. */
export function simulateDay(options: { seed: number; day?: DayShape; policy: FleetPolicy; startupSeconds: number; sampleSeconds?: number }): SimulationResult {
  const random = seededRandom(options.seed);
  const arrivals = drawArrivals(options.day ?? DEFAULT_DAY, random);
  const renders = arrivals.map(() => renderSeconds(drawOrder(random), normal(random)));
  const events = new EventQueue();
  arrivals.forEach((t) => events.push({ t, kind: "arrival" }));
  const sampleSeconds = options.sampleSeconds ?? 300;
  for (let t = 0; t <= 86_400; t += sampleSeconds) events.push({ t, kind: "sample" });

  const queue: { arrivedAt: number; render: number }[] = [];
  let queueHead = 0;
  let nextOrder = 0;
  const workers: Worker[] = [];
  const live = new Set<Worker>();
  const waits: number[] = [];
  const series: SimulationResult["series"] = [];
  let state: FleetState = initialFleetState();
  let peakWorkers = 0;

  const startWorker = (t: number, startup: number) => {
    const worker: Worker = { id: workers.length, createdAt: t, readyAt: t + startup, busyUntil: null, retiring: false, stoppedAt: null, busySeconds: 0 };
    workers.push(worker);
    live.add(worker);
    events.push({ t: worker.readyAt, kind: "ready", worker });
    peakWorkers = Math.max(peakWorkers, live.size);
  };
  const stopWorker = (worker: Worker, t: number) => {
    worker.stoppedAt = t;
    live.delete(worker);
  };
  const dispatch = (t: number) => {
    for (const worker of live) {
      if (queueHead >= queue.length) return;
      if (worker.retiring || worker.busyUntil !== null || worker.readyAt > t) continue;
      const order = queue[queueHead++];
      waits.push(t - order.arrivedAt);
      worker.busyUntil = t + order.render;
      worker.busySeconds += order.render;
      events.push({ t: worker.busyUntil, kind: "done", worker });
    }
  };

  const policy = options.policy;
  if (policy.kind === "fixed") for (let i = 0; i < policy.workers; i += 1) startWorker(0, 0);
  else {
    for (let i = 0; i < policy.min; i += 1) startWorker(0, 0);
    events.push({ t: 0, kind: "tick" });
  }

  let lastT = 0;
  for (let event = events.pop(); event; event = events.pop()) {
    const t = event.t;
    lastT = t;
    if (event.kind === "arrival") {
      queue.push({ arrivedAt: t, render: renders[nextOrder++] });
      dispatch(t);
    } else if (event.kind === "ready") {
      if (event.worker!.stoppedAt === null) dispatch(t);
    } else if (event.kind === "done") {
      const worker = event.worker!;
      worker.busyUntil = null;
      if (worker.retiring) stopWorker(worker, t);
      else dispatch(t);
    } else if (event.kind === "sample") {
      series.push({ t, backlog: queue.length - queueHead, workers: live.size });
    } else if (event.kind === "tick" && policy.kind === "auto") {
      const isDayOver = t > 86_400 && queueHead >= queue.length && [...live].every((w) => w.busyUntil === null);
      if (isDayOver) continue;
      const active = [...live].filter((w) => !w.retiring);
      const busy = [...live].filter((w) => w.busyUntil !== null).length;
      const sample = recentRenderAverage(queueHead, renders);
      const decision = desiredWorkers(
        {
          visible: queue.length - queueHead,
          inFlight: busy,
          running: active.length,
          averageRenderSeconds: sample,
          targetWaitSeconds: policy.targetWaitSeconds,
          min: policy.min,
          max: policy.max,
          nowMs: t * 1000,
          scaleOutCooldownSeconds: policy.scaleOutCooldownSeconds,
          scaleInCooldownSeconds: policy.scaleInCooldownSeconds,
        },
        state,
      );
      state = decision.state;
      if (decision.desired > active.length) {
        for (let i = active.length; i < decision.desired; i += 1) startWorker(t, options.startupSeconds);
      } else if (decision.desired < active.length) {
        // Starting workers first (a pending task is just cancelled), then idle, then busy ones (they finish first).
        const order = active.sort((a, b) => rank(b, t) - rank(a, t));
        for (const worker of order.slice(0, active.length - decision.desired)) {
          worker.retiring = true;
          if (worker.busyUntil === null) stopWorker(worker, t);
        }
      }
      events.push({ t: t + policy.intervalSeconds, kind: "tick" });
    }
  }
  for (const worker of live) stopWorker(worker, Math.max(lastT, worker.busyUntil ?? 0));

  const workerSeconds = workers.reduce((sum, w) => sum + (w.stoppedAt! - w.createdAt), 0);
  const busySeconds = workers.reduce((sum, w) => sum + w.busySeconds, 0);
  const sorted = [...waits].sort((a, b) => a - b);
  return {
    orders: arrivals.length,
    waits: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    workerHours: workerSeconds / 3600,
    utilisation: workerSeconds ? busySeconds / workerSeconds : 0,
    peakWorkers,
    workerStarts: workers.length,
    series,
  };
}

/** 2 for a worker still starting, 1 idle, 0 busy: the order in which to let workers go. */
function rank(worker: Worker, t: number): number {
  if (worker.readyAt > t) return 2;
  return worker.busyUntil === null ? 1 : 0;
}

/** The mean of the last RENDER_TIME_SAMPLE.orders renders started (close to what Postgres answers: the last ones finished), null before any. */
function recentRenderAverage(started: number, renders: number[]): number | null {
  if (!started) return null;
  const from = Math.max(0, started - RENDER_TIME_SAMPLE.orders);
  let sum = 0;
  for (let i = from; i < started; i += 1) sum += renders[i];
  return sum / (started - from);
}
