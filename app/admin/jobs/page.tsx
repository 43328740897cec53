import Link from "next/link";
import { notFound } from "next/navigation";
import { ZodError } from "zod";
import { RetryButton } from "@/components/admin/retry-button";
import { listJobs } from "@/lib/server/admin/list-jobs";
import { orderStatusSchema } from "@/lib/contracts/order";

// proxy.ts refuses this page without the admin credential.
export const metadata = { title: "Jobs — Reelmaker admin" };

function formatTime(iso: string | null) {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) : "—";
}

function formatSpan(from: string | null, to: string | null) {
  if (!from || !to) return "";
  return ` (${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s)`;
}

export default async function AdminJobsPage(props: PageProps<"/admin/jobs">) {
  const params = await props.searchParams;
  const status = typeof params.status === "string" ? params.status : undefined;
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  // A status or cursor that cannot exist (?cursor=%00) is no page at all.
  const page = await listJobs({ status, cursor }).catch((error: unknown) => {
    if (error instanceof ZodError) notFound();
    throw error;
  });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold tracking-tight">Render jobs</h1>
        <dl className="flex gap-6 text-sm" aria-label="Queue depth">
          {page.queue ? (
            <>
              <div><dt className="text-stone-600">Waiting</dt><dd className="text-xl font-semibold" data-testid="queue-visible">{page.queue.visible}</dd></div>
              <div><dt className="text-stone-600">In flight</dt><dd className="text-xl font-semibold" data-testid="queue-inflight">{page.queue.inFlight}</dd></div>
              <div><dt className="text-stone-600">Dead letters</dt><dd className="text-xl font-semibold" data-testid="queue-dead">{page.queue.deadLetter}</dd></div>
            </>
          ) : (
            <div className="text-red-700">Queue unreachable</div>
          )}
        </dl>
      </div>
      <nav className="flex flex-wrap gap-2 text-sm" aria-label="Filter by status">
        <Link href="/admin/jobs" className="rounded border px-2 py-1">all</Link>
        {orderStatusSchema.options.map((s) => (
          <Link key={s} href={`/admin/jobs?status=${s}`} className={`rounded border px-2 py-1 ${s === status ? "bg-stone-800 text-white" : ""}`}>{s}</Link>
        ))}
        <Link href={`/admin/jobs${status ? `?status=${status}` : ""}`} className="ml-auto rounded border px-2 py-1">Refresh</Link>
      </nav>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b text-stone-600">
            <tr>
              <th className="p-2">Order</th><th className="p-2">Status</th><th className="p-2">Progress</th><th className="p-2">Attempts</th>
              <th className="p-2">Worker</th><th className="p-2">Queued</th><th className="p-2">Started</th><th className="p-2">Finished</th><th className="p-2">Error</th><th className="p-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((job) => (
              <tr key={job.id} className="border-b align-top" data-testid="job-row">
                <td className="p-2 font-mono text-xs">{job.id}<div className="font-sans text-stone-600">{job.title ?? "untitled"} · {job.slides} photos</div></td>
                <td className="p-2">{job.status}</td>
                <td className="p-2">{Math.round(job.progress * 100)}%</td>
                <td className="p-2">{job.attempts}</td>
                <td className="p-2">{job.workerHost ?? "—"}</td>
                <td className="p-2 whitespace-nowrap">{formatTime(job.createdAt)}</td>
                <td className="p-2 whitespace-nowrap">{formatTime(job.startedAt)}{formatSpan(job.createdAt, job.startedAt)}</td>
                <td className="p-2 whitespace-nowrap">{formatTime(job.finishedAt)}{formatSpan(job.startedAt, job.finishedAt)}</td>
                <td className="p-2 text-red-800">{job.error}{job.errorDetail && <div className="text-xs text-stone-600">{job.errorDetail}</div>}</td>
                <td className="p-2">{(job.status === "failed" || job.status === "canceled") && <RetryButton orderId={job.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.items.length === 0 && <p className="p-4 text-stone-600">No orders yet.</p>}
      </div>
      {page.nextCursor && (
        <Link href={`/admin/jobs?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}`} className="text-rose-700 underline">Older orders</Link>
      )}
    </div>
  );
}
