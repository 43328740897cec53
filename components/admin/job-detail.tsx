"use client";

import { useEffect, useRef, useState } from "react";
import type { AdminJobDetail } from "@/lib/contracts/admin";
import { JobActions, POLL_MS, STATUS_TONE, button, readError } from "./console-ui";
import { formatBytes, formatCount, formatMs, formatSeconds, formatTime } from "./format";

// One job in a dialog: its story, timings, outputs and attempts, polled while open.

export function JobDetail(props: { orderId: string; onClose: () => void; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
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
