import type { WorkerView } from "@/lib/contracts/admin";
import type { AdminJobView } from "@/lib/contracts/order";
import { JobActions, STATUS_TONE } from "./console-ui";
import { formatMs, formatTime } from "./format";

// The console's two tables: render jobs (with their actions) and workers.

export function JobsTable(props: { jobs: AdminJobView[]; onOpen: (id: string) => void; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
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

export function WorkersTable({ workers }: { workers: WorkerView[] }) {
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
