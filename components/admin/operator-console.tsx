"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AdminStats, StatsWindow, WorkerView } from "@/lib/contracts/admin";
import { orderStatusSchema, type AdminJobsPage } from "@/lib/contracts/order";
import { JobsTable, WorkersTable } from "./console-tables";
import { POLL_MS, button, readError } from "./console-ui";
import { WINDOW_SECONDS, formatCount, formatPerMinute, formatSeconds, formatTime, formatUsd } from "./format";
import { JobDetail } from "./job-detail";
import { StatsCharts } from "./stats-charts";

// The operator's console: polls the admin API every POLL_MS and shows the
// figures, charts, jobs, workers and the actions. Every figure comes from
// /api/admin/stats, /api/admin/workers or /api/admin/jobs as is.


type Notice = { kind: "ok" | "error"; text: string } | null;

export function OperatorConsole(props: {
  initialStats: AdminStats;
  initialWorkers: WorkerView[];
  initialJobs: AdminJobsPage;
  initialFilter?: { status: string; query: string };
}) {
  const [window, setWindow] = useState<StatsWindow>(props.initialStats.window);
  const [stats, setStats] = useState(props.initialStats);
  const [workers, setWorkers] = useState(props.initialWorkers);
  const [jobs, setJobs] = useState(props.initialJobs);
  const [query, setQuery] = useState(props.initialFilter?.query ?? "");
  const [status, setStatus] = useState(props.initialFilter?.status ?? "");
  const [isOffline, setIsOffline] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const filters = useRef({ window, query, status });
  useEffect(() => {
    filters.current = { window, query, status };
  }, [window, query, status]);

  const refresh = useCallback(async () => {
    const { window: w, query: q, status: s } = filters.current;
    const params = new URLSearchParams({ ...(q.trim() ? { q: q.trim() } : {}), ...(s ? { status: s } : {}) });
    try {
      const [statsResponse, workersResponse, jobsResponse] = await Promise.all([
        fetch(`/api/admin/stats?window=${w}`, { cache: "no-store" }),
        fetch("/api/admin/workers", { cache: "no-store" }),
        fetch(`/api/admin/jobs?${params}`, { cache: "no-store" }),
      ]);
      if (!statsResponse.ok || !workersResponse.ok || !jobsResponse.ok) throw new Error("refused");
      const [nextStats, nextWorkers, nextJobs] = await Promise.all([statsResponse.json(), workersResponse.json(), jobsResponse.json()]);
      // A reply to an older filter must not overwrite the current one.
      if (filters.current.window !== w || filters.current.query !== q || filters.current.status !== s) return;
      setStats(nextStats as AdminStats);
      setWorkers((nextWorkers as { items: WorkerView[] }).items);
      setJobs(nextJobs as AdminJobsPage);
      setIsOffline(false);
    } catch {
      setIsOffline(true);
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    void refresh();
  }, [window, query, status, refresh]);

  /** Runs an action after the operator confirms it; the server's refusal is shown as is. */
  async function act(input: { confirm: string; url: string; done: (body: Record<string, unknown>) => string }) {
    if (!globalThis.confirm(input.confirm)) return;
    const response = await fetch(input.url, { method: "POST" });
    if (!response.ok) setNotice({ kind: "error", text: `Refused: ${await readError(response)}` });
    else setNotice({ kind: "ok", text: input.done((await response.json().catch(() => ({}))) as Record<string, unknown>) });
    await refresh();
  }
  const actions = {
    cancel: (id: string) => act({ confirm: `Cancel order ${id}? A render in progress is stopped.`, url: `/api/admin/jobs/${id}/cancel`, done: () => `Order ${id} canceled.` }),
    retry: (id: string) => act({ confirm: `Put order ${id} back in the queue?`, url: `/api/admin/jobs/${id}/retry`, done: () => `Order ${id} is queued again.` }),
    retryFailed: () => act({ confirm: "Put every failed order back in the queue?", url: "/api/admin/jobs/retry-failed", done: (b) => `${b.count} failed ${b.count === 1 ? "order" : "orders"} queued again.` }),
    redrive: () =>
      act({ confirm: "Move every dead-lettered message back to the render queue?", url: "/api/admin/dead-letters/redrive", done: (b) => `${b.count} dead ${b.count === 1 ? "letter" : "letters"} moved back; ${b.requeued} ${b.requeued === 1 ? "order" : "orders"} queued again.` }),
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Operator console</h1>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="stats-window" className="text-sm font-semibold text-stone-700">Window</label>
          <select id="stats-window" value={window} onChange={(e) => setWindow(e.target.value as StatsWindow)} className="rounded-lg border border-stone-300 bg-white px-2 py-1.5 text-sm">
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
          </select>
          <span className="text-xs text-stone-600" data-testid="stats-at">Updated {formatTime(stats.at)} UTC</span>
        </div>
      </div>
      {isOffline && <p role="alert" className="rounded-lg bg-amber-50 p-2 text-sm text-amber-900">Connection lost — retrying every {POLL_MS / 1000} s…</p>}
      <p role="status" aria-live="polite" className={`min-h-5 text-sm ${notice?.kind === "error" ? "text-red-800" : "text-emerald-800"}`} data-testid="console-notice">
        {notice?.text}
      </p>

      <Headline stats={stats} />

      <StatsCharts stats={stats} />

      <section aria-labelledby="jobs-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="jobs-heading" className="text-xl font-bold">Render jobs</h2>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={button} onClick={() => void actions.retryFailed()}>Retry all failed</button>
            <button type="button" className={button} onClick={() => void actions.redrive()}>Redrive dead letters</button>
          </div>
        </div>
        <form role="search" className="flex flex-wrap gap-2" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="job-search" className="sr-only">Search jobs</label>
          <input
            id="job-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Order id, title or error text"
            className="min-w-0 flex-1 rounded-lg border border-stone-300 px-3 py-1.5 text-sm focus:border-rose-600 focus:outline-none focus:ring-2 focus:ring-rose-600/40"
          />
          <label htmlFor="job-status" className="sr-only">Status</label>
          <select id="job-status" value={status} onChange={(e) => setStatus(e.target.value)} className="rounded-lg border border-stone-300 bg-white px-2 py-1.5 text-sm">
            <option value="">every status</option>
            {orderStatusSchema.options.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </form>
        <JobsTable jobs={jobs.items} onOpen={setDetailId} onCancel={actions.cancel} onRetry={actions.retry} />
        {jobs.items.length === 0 && <p className="p-2 text-stone-600">No jobs match.</p>}
      </section>

      <section aria-labelledby="workers-heading" className="space-y-3">
        <h2 id="workers-heading" className="text-xl font-bold">Workers</h2>
        <WorkersTable workers={workers} />
      </section>

      {detailId && <JobDetail orderId={detailId} onClose={() => setDetailId(null)} onCancel={actions.cancel} onRetry={actions.retry} />}
    </div>
  );
}

function Figure({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: "bad" }) {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-3 shadow-sm">
      <dt className="text-xs font-semibold uppercase tracking-wide text-stone-600">{label}</dt>
      <dd className={`mt-1 text-lg font-bold tabular-nums ${tone === "bad" ? "text-red-700" : ""}`} data-testid={testId}>{value}</dd>
    </div>
  );
}

function Headline({ stats }: { stats: AdminStats }) {
  const r = stats.renderSeconds;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Headline figures">
      <Figure label="Throughput" testId="fig-throughput" value={formatPerMinute(stats.orders.done, WINDOW_SECONDS[stats.window])} />
      <Figure label="Done / failed / canceled" testId="fig-orders" value={`${stats.orders.done} / ${stats.orders.failed} / ${stats.orders.canceled}`} />
      <Figure label="Received" testId="fig-received" value={String(stats.orders.received)} />
      <Figure label="Render min / avg" testId="fig-render-min-avg" value={r ? `${formatSeconds(r.min)} / ${formatSeconds(r.avg)}` : "—"} />
      <Figure label="Render p95 / max" testId="fig-render-p95-max" value={r ? `${formatSeconds(r.p95)} / ${formatSeconds(r.max)}` : "—"} />
      <Figure label="Queue wait p50 / p95" testId="fig-queue-wait" value={stats.queueWaitSeconds ? `${formatSeconds(stats.queueWaitSeconds.p50)} / ${formatSeconds(stats.queueWaitSeconds.p95)}` : "—"} />
      <Figure label="Oldest waiting" testId="fig-oldest" value={formatSeconds(stats.oldestWaitingSeconds)} />
      <Figure label="Waiting" testId="queue-visible" value={formatCount(stats.queue?.visible)} />
      <Figure label="In flight" testId="queue-inflight" value={formatCount(stats.queue?.inFlight)} />
      <Figure label="Dead letters" testId="queue-dead" value={formatCount(stats.queue?.deadLetter)} tone={stats.queue?.deadLetter ? "bad" : undefined} />
      <Figure label="Workers running / desired" testId="fig-workers" value={`${stats.fleet.running} / ${stats.fleet.desired ?? "—"}`} />
      <Figure label="Cost per video" testId="fig-cost" value={formatUsd(stats.costPerVideoUsd)} />
    </dl>
  );
}
