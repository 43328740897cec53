import type { AdminStats } from "@/lib/contracts/admin";
import { TimeChart } from "./time-chart";

// The console's three charts over the stats window: orders per minute,
// render time percentiles, and the backlog against the workers.

type Line<P> = { label: string; color: string; value: (point: P) => number | null };

/** The chart series of `points`, one per line. */
function series<P>(points: P[], lines: Line<P>[]) {
  return lines.map(({ label, color, value }) => ({ label, color, values: points.map(value) }));
}

export function StatsCharts({ stats }: { stats: AdminStats }) {
  const rateUnit = stats.bucketSeconds === 60 ? "per min" : "per min (avg)";
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <TimeChart
        title={`Orders ${rateUnit}`}
        unit="/min"
        times={stats.perMinute.map((p) => p.t)}
        series={series(stats.perMinute, [
          { label: "done", color: "#059669", value: (p) => p.done },
          { label: "failed", color: "#dc2626", value: (p) => p.failed },
          { label: "received", color: "#78716c", value: (p) => p.received },
        ])}
      />
      <TimeChart
        title="Render time"
        unit="s"
        times={stats.renderSecondsSeries.map((p) => p.t)}
        series={series(stats.renderSecondsSeries, [
          { label: "p50", color: "#0284c7", value: (p) => p.p50 },
          { label: "p95", color: "#be123c", value: (p) => p.p95 },
        ])}
      />
      <TimeChart
        title="Backlog and workers"
        unit=""
        times={stats.samples.map((p) => p.t)}
        series={series(stats.samples, [
          { label: "waiting", color: "#d97706", value: (p) => p.visible },
          { label: "in flight", color: "#0284c7", value: (p) => p.inFlight },
          { label: "workers", color: "#059669", value: (p) => p.workers },
        ])}
      />
    </div>
  );
}
