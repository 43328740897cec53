"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { isTerminalStatus, type OrderList, type OrderSummary } from "@/lib/contracts/order";
import { STATUS_BADGE, STATUS_LABELS, formatCreatedAt, formatDuration } from "../orders/format";

const POLL_MS = 3000;

const PLACEHOLDER: Record<OrderSummary["status"], string> = {
  queued: "bg-amber-50 text-amber-900",
  rendering: "bg-sky-50 text-sky-900",
  done: "bg-stone-900 text-stone-200",
  failed: "bg-red-50 text-red-900",
  canceled: "bg-stone-100 text-stone-800",
};

/** This session's orders; refreshes itself while any is still being made. */
export function VideoList({ initial }: { initial: OrderSummary[] }) {
  const [items, setItems] = useState(initial);
  const isActive = items.some((item) => !isTerminalStatus(item.status));

  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/orders", { cache: "no-store" });
        if (response.ok) setItems(((await response.json()) as OrderList).items);
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [isActive]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">My videos</h1>
          <p className="mt-1 text-sm text-stone-600">Every video ordered from this browser.</p>
        </div>
        <Link
          href="/editor"
          className="inline-flex items-center rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
        >
          Make a video
        </Link>
      </div>
      {items.length === 0 ? (
        <div className="rounded-2xl border-2 border-dashed border-stone-300 bg-white px-6 py-12 text-center">
          <p className="text-lg font-semibold">No videos yet</p>
          <p className="mt-1 text-stone-600">Your videos appear here as soon as you order them.</p>
        </div>
      ) : (
        <ul aria-label="Videos" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <li key={item.id}>
              <Link
                href={`/orders/${item.id}`}
                className="group block overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm hover:shadow-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
              >
                <div className={`relative ${item.posterUrl ? "aspect-video bg-stone-900" : `aspect-[5/2] sm:aspect-video ${PLACEHOLDER[item.status]}`}`}>
                  {item.posterUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a signed S3 URL
                    <img src={item.posterUrl} alt="" className="absolute inset-0 h-full w-full object-contain" />
                  ) : (
                    <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 px-4 text-center text-sm font-medium">
                      <span aria-hidden="true" className="text-2xl leading-none">
                        {item.status === "failed" || item.status === "canceled" ? "!" : item.status === "rendering" ? "●" : "…"}
                      </span>
                      {item.status === "rendering"
                        ? `${Math.round(item.progress * 100)}% made`
                        : item.status === "failed"
                          ? "Open it to see why and try again"
                          : STATUS_LABELS[item.status]}
                      {item.status === "rendering" && (
                        <span className="block h-1.5 w-2/3 overflow-hidden rounded-full bg-white/70" aria-hidden="true">
                          <span className="block h-full bg-sky-700" style={{ width: `${Math.round(item.progress * 100)}%` }} />
                        </span>
                      )}
                    </div>
                  )}
                  {item.durationMs !== null && item.status !== "failed" && item.status !== "canceled" && (
                    <span className="absolute bottom-2 right-2 rounded-md bg-black/75 px-1.5 py-0.5 text-xs font-semibold tabular-nums text-white">
                      {formatDuration(item.durationMs)}
                    </span>
                  )}
                </div>
                <div className="space-y-1 p-3">
                  <div className="flex items-center justify-between gap-2">
                    <p className="truncate font-semibold text-stone-900 group-hover:text-rose-800" dir="auto">
                      {item.title ?? "Untitled video"}
                    </p>
                    <span className={`flex-none rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_BADGE[item.status]}`} data-testid="video-status">
                      {STATUS_LABELS[item.status]}
                    </span>
                  </div>
                  <p className="text-xs text-stone-600">
                    {item.slides === 1 ? "1 photo" : `${item.slides} photos`} · {formatCreatedAt(item.createdAt)}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
