"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import { isTerminalStatus, type OrderView } from "@/lib/contracts/order";
import { STATUS_BADGE, STATUS_LABELS, formatCreatedAt, formatDuration, formatEta } from "./format";
import { FailedOrder } from "./failed-order";
import { DeleteVideoButton, EditCopyButton } from "./order-actions";
import { ShareButton } from "./share-button";

// The order page: polls the order every second until it is finished, and
// shows what a customer wants to know at each step: the place in line,
// progress with the time left, then the video, the download and a link to
// share; or, when it failed, why, and a way to try again.

const POLL_MS = 1000;
/** Progress samples older than this do not count towards the time left. */
const ETA_WINDOW_MS = 30_000;

const HEADLINES: Record<OrderView["status"], string> = {
  queued: "Waiting for a free renderer…",
  rendering: "Making your video…",
  done: "Your video is ready",
  failed: "We could not make this video",
  canceled: "This order was canceled",
};

const subscribeNever = () => () => {};

const secondaryButton =
  "inline-flex items-center rounded-xl border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

export function OrderStatusView({ initial, hasDraft }: { initial: OrderView; hasDraft: boolean }) {
  const router = useRouter();
  const [order, setOrder] = useState(initial);
  const [isOffline, setIsOffline] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const samples = useRef<Array<{ at: number; progress: number }>>([]);

  useEffect(() => {
    if (isTerminalStatus(order.status)) return;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/orders/${order.id}`, { cache: "no-store" });
        // Deleted meanwhile (another tab or device): nothing more to follow here.
        if (response.status === 410) return router.push("/videos?deleted=1");
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as OrderView;
        if (next.status === "rendering") {
          const now = Date.now();
          const kept = samples.current.filter((s) => now - s.at <= ETA_WINDOW_MS);
          kept.push({ at: now, progress: next.progress });
          samples.current = kept;
          const first = kept[0];
          const rate = kept.length > 1 ? (next.progress - first.progress) / ((now - first.at) / 1000) : 0;
          setSecondsLeft(rate > 0 ? (1 - next.progress) / rate : null);
        }
        setOrder(next);
        setIsOffline(false);
      } catch {
        setIsOffline(true);
        setOrder((current) => ({ ...current })); // schedule the next try
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [order, router]);

  const percent = Math.round(order.progress * 100);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-2">
        <Link href="/videos" className="text-sm font-semibold text-rose-700 underline-offset-2 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
          ← My videos
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl" dir="auto">
            {order.title ?? "Your video"}
          </h1>
          <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${STATUS_BADGE[order.status]}`}>{STATUS_LABELS[order.status]}</span>
        </div>
        <p className="text-sm text-stone-600">Ordered {formatCreatedAt(order.createdAt)}</p>
      </div>

      <div className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm sm:p-6">
        <p role="status" aria-live="polite" data-testid="order-status" data-status={order.status} className="text-lg font-semibold">
          {HEADLINES[order.status]}
        </p>

        {order.status === "queued" && (
          <div className="mt-3 space-y-3">
            <div className="h-3 w-full overflow-hidden rounded-full bg-stone-200" aria-hidden="true">
              <div className="h-full w-1/3 animate-pulse rounded-full bg-amber-400" />
            </div>
            <p className="text-stone-700" data-testid="queue-position">
              {order.queuePosition === undefined || order.queuePosition <= 1
                ? "You are next in line. It starts as soon as a renderer is free."
                : `Number ${order.queuePosition} in line: ${order.queuePosition - 1} ${order.queuePosition === 2 ? "video is" : "videos are"} ahead of yours.`}
            </p>
            {order.queueEstimate && (
              <p className="text-stone-700" data-testid="queue-estimate">
                {`Ready in ${formatEta(order.queueEstimate.readyInMs / 1000)}`}
                {order.queueEstimate.startsInMs >= 10_000 ? ` (it starts in ${formatEta(order.queueEstimate.startsInMs / 1000)}).` : "."}
              </p>
            )}
          </div>
        )}

        {order.status === "rendering" && (
          <div className="mt-3 space-y-2">
            <div
              role="progressbar"
              aria-label="Rendering progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="h-3 w-full overflow-hidden rounded-full bg-stone-200"
            >
              <div className="h-full rounded-full bg-rose-600 transition-[width] duration-700" style={{ width: `${Math.max(2, percent)}%` }} />
            </div>
            <p className="flex justify-between text-sm text-stone-700" data-testid="render-progress">
              <span className="font-semibold tabular-nums">{percent}%</span>
              <span>{secondsLeft === null ? "Working out the time left…" : `${formatEta(secondsLeft)} left`}</span>
            </p>
          </div>
        )}

        {isOffline && <p className="mt-2 text-sm text-amber-800">Connection lost — reconnecting…</p>}

        {order.status === "failed" && <FailedOrder order={order} hasDraft={hasDraft} />}

        {order.status === "done" && order.videoUrl && <FinishedOrder order={order} />}

        {!isTerminalStatus(order.status) && <CancelOrder orderId={order.id} onCanceled={setOrder} />}

        {!isTerminalStatus(order.status) && (
          <p className="mt-4 text-sm text-stone-600">
            You can leave this page: your video keeps being made and waits for you in{" "}
            <Link href="/videos" className="font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
              My videos
            </Link>
            .
          </p>
        )}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        {isTerminalStatus(order.status) && <EditCopyButton orderId={order.id} hasDraft={hasDraft} className={secondaryButton} />}
        <DeleteVideoButton orderId={order.id} status={order.status} className={secondaryButton} onDeleted={() => router.push("/videos?deleted=1")} />
        <Link
          href="/editor"
          className="inline-block font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600"
        >
          Back to the editor
        </Link>
      </div>
    </div>
  );
}

/** Cancels a queued or rendering order after the customer confirms; a render in progress stops within seconds. */
function CancelOrder({ orderId, onCanceled }: { orderId: string; onCanceled: (order: OrderView) => void }) {
  const [isCanceling, setIsCanceling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);

  async function cancel() {
    if (!window.confirm("Cancel this video? It will not be made, and this cannot be undone.")) return;
    setIsCanceling(true);
    setCancelError(null);
    try {
      const response = await fetch(`/api/orders/${orderId}/cancel`, { method: "POST" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        throw new Error(body?.error?.message ?? "The order could not be canceled.");
      }
      const fresh = await fetch(`/api/orders/${orderId}`, { cache: "no-store" });
      if (fresh.ok) onCanceled((await fresh.json()) as OrderView);
    } catch (error: unknown) {
      setCancelError(error instanceof Error ? error.message : "The order could not be canceled.");
    } finally {
      setIsCanceling(false);
    }
  }

  return (
    <div className="mt-4 flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={cancel}
        disabled={isCanceling}
        className="rounded-xl border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
      >
        {isCanceling ? "Canceling…" : "Cancel order"}
      </button>
      {cancelError && (
        <p role="alert" className="text-sm text-red-800">
          {cancelError}
        </p>
      )}
    </div>
  );
}

function FinishedOrder({ order }: { order: OrderView }) {
  const origin = useSyncExternalStore(
    subscribeNever,
    () => window.location.origin,
    () => "",
  );
  const shareUrl = order.shareUrl ? `${origin}${order.shareUrl}` : null;
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const shareInput = useRef<HTMLInputElement>(null);

  async function copy() {
    if (!shareUrl) return;
    try {
      await navigator.clipboard.writeText(shareUrl);
      setCopyState("copied");
    } catch {
      // No clipboard permission: select the text so the customer can copy it.
      shareInput.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <div className="mt-4 space-y-5">
      <video
        controls
        playsInline
        preload="metadata"
        poster={order.posterUrl}
        src={order.videoUrl}
        aria-label="Your video"
        className="max-h-[70vh] w-full rounded-xl bg-black"
      />
      <div className="flex flex-wrap items-center gap-3">
        <a
          href={order.downloadUrl}
          className="inline-flex items-center gap-2 rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M10 3v10m0 0l-4-4m4 4l4-4M4 16h12" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Download video
        </a>
        {order.shareUrl && <ShareButton title={order.title ?? "My video"} url={order.shareUrl} />}
        {order.durationMs !== undefined && (
          <span className="text-sm text-stone-700">{formatDuration(order.durationMs)} · MP4</span>
        )}
      </div>
      {shareUrl && (
        <div className="space-y-1.5">
          <label htmlFor="share-link" className="block text-sm font-semibold text-stone-800">
            Share link
          </label>
          <div className="flex gap-2">
            <input
              id="share-link"
              ref={shareInput}
              readOnly
              value={shareUrl}
              onFocus={(event) => event.target.select()}
              className="min-w-0 flex-1 rounded-xl border border-stone-300 bg-stone-50 px-3 py-2 text-sm text-stone-800 focus:border-rose-600 focus:outline-none focus:ring-2 focus:ring-rose-600/40"
            />
            <button
              type="button"
              onClick={copy}
              className="flex-none rounded-xl border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
            >
              {copyState === "copied" ? "Copied" : "Copy link"}
            </button>
          </div>
          <p className="text-xs text-stone-600" role="status" aria-live="polite">
            {copyState === "copied"
              ? "Link copied. Anyone with it can watch and download this video."
              : copyState === "failed"
                ? "Press Ctrl+C (or ⌘C) to copy the selected link."
                : "Anyone with this link can watch and download this video."}
          </p>
        </div>
      )}
    </div>
  );
}
