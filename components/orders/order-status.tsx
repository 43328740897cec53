"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { isTerminalStatus, type OrderView } from "@/lib/contracts/order";

const POLL_MS = 1000;

const LABELS: Record<OrderView["status"], string> = {
  queued: "Waiting for a free renderer…",
  rendering: "Making your video…",
  done: "Your video is ready",
  failed: "We could not make this video",
  canceled: "This order was canceled",
};

export function OrderStatusView({ initial }: { initial: OrderView }) {
  const [order, setOrder] = useState(initial);
  const [isOffline, setIsOffline] = useState(false);

  useEffect(() => {
    if (isTerminalStatus(order.status)) return;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/orders/${order.id}`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        setOrder((await response.json()) as OrderView);
        setIsOffline(false);
      } catch {
        setIsOffline(true);
        setOrder((current) => ({ ...current })); // schedule the next try
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [order]);

  const percent = Math.round(order.progress * 100);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">{order.title ?? "Your video"}</h1>
        <p role="status" aria-live="polite" data-testid="order-status" data-status={order.status} className="text-lg">
          {LABELS[order.status]}
        </p>
      </div>

      {(order.status === "queued" || order.status === "rendering") && (
        <div className="space-y-2">
          <div
            role="progressbar"
            aria-label="Rendering progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-4 w-full overflow-hidden rounded-full bg-stone-200"
          >
            <div className="h-full bg-rose-600 transition-[width] duration-500" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm text-stone-600">{percent}%{isOffline ? " — reconnecting…" : ""}</p>
        </div>
      )}

      {order.status === "failed" && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-800">
          {order.error}
        </p>
      )}

      {order.status === "done" && order.videoUrl && (
        <div className="space-y-4">
          <video controls playsInline poster={order.posterUrl} src={order.videoUrl} className="w-full max-w-3xl rounded-lg bg-black" />
          <div className="flex flex-wrap items-center gap-4">
            <a href={order.downloadUrl} className="rounded-lg bg-rose-700 px-5 py-2 font-semibold text-white hover:bg-rose-800 focus:ring-4 focus:ring-rose-300">
              Download video
            </a>
            {order.durationMs !== undefined && <span className="text-sm text-stone-600">{(order.durationMs / 1000).toFixed(1)} seconds, MP4</span>}
          </div>
          <p className="text-xs text-stone-500">The download link is valid for a few minutes; reload the page for a fresh one.</p>
        </div>
      )}

      <Link href="/" className="inline-block text-rose-700 underline">
        Make another video
      </Link>
    </div>
  );
}
