"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { isTerminalStatus, type OrderList, type OrderSummary } from "@/lib/contracts/order";
import { STATUS_BADGE, STATUS_LABELS, formatCreatedAt, formatDuration } from "../orders/format";

const POLL_MS = 3000;

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
                <div className="relative aspect-video bg-stone-900">
                  {item.posterUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a signed S3 URL
                    <img src={item.posterUrl} alt="" className="absolute inset-0 h-full w-full object-contain" />
                  ) : (
                    <div className="absolute inset-0 flex items-center justify-center text-sm text-stone-300">
                      {item.status === "rendering" ? `${Math.round(item.progress * 100)}% made` : STATUS_LABELS[item.status]}
                    </div>
                  )}
                  {item.durationMs !== null && (
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
