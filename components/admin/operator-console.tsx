"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AdminJobDetail, AdminStats, StatsWindow, WorkerView } from "@/lib/contracts/admin";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import { orderStatusSchema, type AdminJobView, type AdminJobsPage } from "@/lib/contracts/order";
import { WINDOW_SECONDS, formatBytes, formatCount, formatMs, formatPerMinute, formatSeconds, formatTime, formatUsd } from "./format";
import { TimeChart } from "./time-chart";

// The operator's console: polls the admin API every POLL_MS and shows the
// figures, charts, jobs, workers and the actions. Every figure comes from
// /api/admin/stats, /api/admin/workers or /api/admin/jobs as is.

const POLL_MS = 2000;
const button =
  "rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600";
const dangerButton =
  "rounded-lg border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600";

type Notice = { kind: "ok" | "error"; text: string } | null;

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return body?.error?.message ?? `The server answered ${response.status}`;
}

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

  const times = stats.perMinute.map((p) => p.t);
  const rateUnit = stats.bucketSeconds === 60 ? "per min" : "per min (avg)";
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

      <div className="grid gap-4 lg:grid-cols-3">
        <TimeChart
          title={`Orders ${rateUnit}`}
          unit="/min"
          times={times}
          series={[
            { label: "done", color: "#059669", values: stats.perMinute.map((p) => p.done) },
            { label: "failed", color: "#dc2626", values: stats.perMinute.map((p) => p.failed) },
            { label: "received", color: "#78716c", values: stats.perMinute.map((p) => p.received) },
          ]}
        />
        <TimeChart
          title="Render time"
          unit="s"
          times={stats.renderSecondsSeries.map((p) => p.t)}
          series={[
            { label: "p50", color: "#0284c7", values: stats.renderSecondsSeries.map((p) => p.p50) },
            { label: "p95", color: "#be123c", values: stats.renderSecondsSeries.map((p) => p.p95) },
          ]}
        />
        <TimeChart
          title="Backlog and workers"
          unit=""
          times={stats.samples.map((p) => p.t)}
          series={[
            { label: "waiting", color: "#d97706", values: stats.samples.map((p) => p.visible) },
            { label: "in flight", color: "#0284c7", values: stats.samples.map((p) => p.inFlight) },
            { label: "workers", color: "#059669", values: stats.samples.map((p) => p.workers) },
          ]}
        />
      </div>

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

const STATUS_TONE: Record<string, string> = {
  queued: "bg-amber-100 text-amber-900",
  rendering: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  canceled: "bg-stone-200 text-stone-800",
};

function JobActions({ job, onCancel, onRetry }: { job: { id: string; status: string }; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
  // Offered for every job: the server refuses the wrong state with its reason.
  return (
    <div className="flex gap-1">
      <button type="button" className={dangerButton} onClick={() => onCancel(job.id)} aria-label={`Cancel ${job.id}`}>Cancel</button>
      <button type="button" className={button} onClick={() => onRetry(job.id)} aria-label={`Retry ${job.id}`}>Retry</button>
    </div>
  );
}

function JobsTable(props: { jobs: AdminJobView[]; onOpen: (id: string) => void; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
  return (
    <div className="relative overflow-x-auto rounded-xl border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b bg-stone-50 text-stone-600">
          <tr>
            <th className="p-2">Order</th><th className="p-2">Status</th><th className="p-2">Worker</th><th className="p-2">Queued</th>
            <th className="p-2">Wait</th><th className="p-2">Render</th><th className="p-2">Error</th><th className="p-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {props.jobs.map((job) => (
            <tr key={job.id} className="border-b align-top last:border-0" data-testid="job-row" data-order-id={job.id}>
              <td className="p-2">
                <button type="button" onClick={() => props.onOpen(job.id)} className="text-left font-mono text-xs text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
                  {job.id}
                </button>
                <div className="text-stone-600" dir="auto">{job.title ?? "untitled"} · {job.slides} {job.slides === 1 ? "photo" : "photos"} · {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}</div>
              </td>
              <td className="p-2 whitespace-nowrap">
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_TONE[job.status]}`}>{job.status}</span>
                {job.status === "rendering" && <div className="mt-1 tabular-nums" data-testid="job-progress">{Math.round(job.progress * 100)}%</div>}
              </td>
              <td className="p-2">{job.workerHost ?? "—"}</td>
              <td className="p-2 whitespace-nowrap">{formatTime(job.createdAt)}</td>
              <td className="p-2 whitespace-nowrap">{formatMs(job.queueWaitMs)}</td>
              <td className="p-2 whitespace-nowrap">{formatMs(job.renderMs)}</td>
              <td className="max-w-xs p-2 text-red-800">{job.error}{job.errorDetail && <div className="break-words text-xs text-stone-600">{job.errorDetail}</div>}</td>
              <td className="p-2"><JobActions job={job} onCancel={props.onCancel} onRetry={props.onRetry} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WorkersTable({ workers }: { workers: WorkerView[] }) {
  if (workers.length === 0) return <p className="text-stone-600">No worker has reported in the last 24 hours.</p>;
  return (
    <div className="relative overflow-x-auto rounded-xl border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b bg-stone-50 text-stone-600">
          <tr><th className="p-2">Host</th><th className="p-2">State</th><th className="p-2">Order</th><th className="p-2">Started</th><th className="p-2">Last seen</th><th className="p-2">Done</th><th className="p-2">Failed</th></tr>
        </thead>
        <tbody>
          {workers.map((w) => (
            <tr key={w.host} className={`border-b last:border-0 ${w.lost ? "bg-red-50" : ""}`} data-testid="worker-row" data-lost={w.lost}>
              <td className="p-2 font-mono text-xs">{w.host}<div className="font-sans text-stone-600">v{w.version}</div></td>
              <td className="p-2">{w.lost ? <strong className="text-red-800">lost</strong> : w.state}</td>
              <td className="p-2 font-mono text-xs">{w.orderId ?? "—"}</td>
              <td className="p-2 whitespace-nowrap">{formatTime(w.startedAt)}</td>
              <td className="p-2 whitespace-nowrap">{formatTime(w.lastSeenAt)}</td>
              <td className="p-2 tabular-nums">{w.rendersDone}</td>
              <td className="p-2 tabular-nums">{w.rendersFailed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobDetail(props: { orderId: string; onClose: () => void; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [job, setJob] = useState<AdminJobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { orderId, onClose } = props;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    let isCurrent = true;
    const load = async () => {
      const response = await fetch(`/api/admin/jobs/${orderId}`, { cache: "no-store" });
      if (!isCurrent) return;
      if (response.ok) {
        setJob((await response.json()) as AdminJobDetail);
        setError(null);
      } else setError(await readError(response));
    };
    void load();
    const timer = setInterval(() => void load().catch(() => undefined), POLL_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [orderId]);

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="job-detail-heading"
      className="m-auto w-[min(56rem,calc(100vw-1.5rem))] rounded-2xl border border-stone-200 p-0 shadow-xl backdrop:bg-black/40"
    >
      <div className="max-h-[85vh] space-y-4 overflow-y-auto p-4 sm:p-6" data-testid="job-detail">
        <div className="flex items-start justify-between gap-3">
          <div>
            <h2 id="job-detail-heading" className="text-xl font-bold" dir="auto">{job?.title ?? "Untitled order"}</h2>
            <p className="font-mono text-xs text-stone-600">{orderId}</p>
          </div>
          <button type="button" className={button} onClick={() => dialog.current?.close()}>Close</button>
        </div>
        {error && <p role="alert" className="text-red-800">{error}</p>}
        {job && (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${STATUS_TONE[job.status]}`} data-testid="detail-status">{job.status}</span>
              {job.status === "rendering" && <span className="tabular-nums">{Math.round(job.progress * 100)}%</span>}
              <JobActions job={job} onCancel={props.onCancel} onRetry={props.onRetry} />
            </div>
            {job.error && <p className="text-red-800">{job.error}{job.errorDetail && <span className="block text-xs text-stone-600">{job.errorDetail}</span>}</p>}
            {!job.error && job.errorDetail && <p className="text-xs text-stone-600">{job.errorDetail}</p>}
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" aria-label="Story">
              <dt className="text-stone-600">Photos</dt><dd data-testid="detail-slides">{job.spec.slides}{job.spec.kenBurnsSlides ? ` (${job.spec.kenBurnsSlides} Ken Burns)` : ""}</dd>
              <dt className="text-stone-600">Length</dt><dd>{formatMs(job.spec.durationMs)}</dd>
              <dt className="text-stone-600">Shape</dt><dd>{job.spec.aspectRatio} · {job.spec.resolution}</dd>
              <dt className="text-stone-600">Transition</dt><dd>{job.spec.transition}</dd>
              <dt className="text-stone-600">Music / title</dt><dd>{job.spec.hasMusic ? "music" : "no music"} · {job.spec.hasTitleCard ? "title card" : "no title card"}</dd>
            </dl>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" aria-label="Timings">
              <dt className="text-stone-600">Accepted</dt><dd>{formatTime(job.createdAt)}</dd>
              <dt className="text-stone-600">Picked up</dt><dd>{formatTime(job.pickedUpAt)}</dd>
              <dt className="text-stone-600">Finished</dt><dd>{formatTime(job.finishedAt)}</dd>
              <dt className="text-stone-600">Queue wait</dt><dd data-testid="detail-wait">{formatMs(job.figures.queueWaitMs)}</dd>
              <dt className="text-stone-600">Render</dt><dd data-testid="detail-render">{formatMs(job.figures.renderMs)}</dd>
              <dt className="text-stone-600">Upload</dt><dd>{formatMs(job.figures.uploadMs)}</dd>
              <dt className="text-stone-600">CPU</dt><dd data-testid="detail-cpu">{formatSeconds(job.figures.cpuSeconds)}</dd>
              <dt className="text-stone-600">Frames / size</dt><dd>{formatCount(job.figures.frames)} · {formatBytes(job.figures.outputBytes)}</dd>
            </dl>
            {(job.videoUrl || job.posterUrl) && (
              <p className="flex gap-4 text-sm">
                {job.videoUrl && <a href={job.videoUrl} className="font-semibold text-rose-700 underline" target="_blank" rel="noreferrer">Video</a>}
                {job.posterUrl && <a href={job.posterUrl} className="font-semibold text-rose-700 underline" target="_blank" rel="noreferrer">Poster</a>}
              </p>
            )}
            <h3 className="font-semibold">Attempts</h3>
            {job.attempts.length === 0 ? (
              <p className="text-sm text-stone-600">Not picked up yet.</p>
            ) : (
              <div className="relative overflow-x-auto">
                <table className="w-full text-left text-sm" data-testid="attempts">
                  <thead className="border-b text-stone-600"><tr><th className="p-1">#</th><th className="p-1">Host</th><th className="p-1">Start</th><th className="p-1">End</th><th className="p-1">Outcome</th><th className="p-1">Render</th><th className="p-1">CPU</th></tr></thead>
                  <tbody>
                    {job.attempts.map((a) => (
                      <tr key={`${a.number}-${a.startedAt}`} className="border-b align-top last:border-0" data-testid="attempt-row">
                        <td className="p-1">{a.number}</td>
                        <td className="p-1 font-mono text-xs">{a.host}</td>
                        <td className="p-1 whitespace-nowrap">{formatTime(a.startedAt)}</td>
                        <td className="p-1 whitespace-nowrap">{formatTime(a.endedAt)}</td>
                        <td className="p-1">{a.outcome ?? "in progress"}{a.errorDetail && <div className="break-words text-xs text-stone-600">{a.errorDetail}</div>}</td>
                        <td className="p-1">{formatMs(a.renderMs)}</td>
                        <td className="p-1">{formatSeconds(a.cpuSeconds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
