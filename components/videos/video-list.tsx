"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { isTerminalStatus, type OrderList, type OrderSummary } from "@/lib/contracts/order";
import { STATUS_BADGE, STATUS_LABELS, formatCreatedAt, formatDuration } from "../orders/format";
import { DeleteVideoButton, EditCopyButton } from "../orders/order-actions";
import { DeviceLinkPanel } from "../session/device-link-panel";

const itemButton =
  "inline-flex items-center rounded-lg border border-stone-300 bg-white px-2.5 py-1 text-xs font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

const POLL_MS = 3000;

const PLACEHOLDER: Record<OrderSummary["status"], string> = {
  queued: "bg-amber-50 text-amber-900",
  rendering: "bg-sky-50 text-sky-900",
  done: "bg-stone-900 text-stone-200",
  failed: "bg-red-50 text-red-900",
  canceled: "bg-stone-100 text-stone-800",
};

/** This session's orders; refreshes itself while any is still being made. */
export function VideoList(props: {
  initial: OrderSummary[];
  /** The story being edited, if any ("Edit a copy" asks before replacing it). */
  draft: { photos: number } | null;
  /** Just joined from another device, or just deleted a video. */
  notice: "joined" | "deleted" | null;
}) {
  const { initial, draft } = props;
  const [items, setItems] = useState(initial);
  const [deletedNotice, setDeletedNotice] = useState<string | null>(props.notice === "deleted" ? "The video was deleted." : null);
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
          {draft ? "Continue your story" : "Make a video"}
        </Link>
      </div>
      {props.notice === "joined" && (
        <p role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900" data-testid="joined-notice">
          This browser now shows the videos{draft ? ` and the story (${draft.photos === 1 ? "1 photo" : `${draft.photos} photos`})` : ""} of your other device.
          {draft && (
            <>
              {" "}
              <Link href="/editor" className="font-semibold underline">
                Continue your story
              </Link>
            </>
          )}
        </p>
      )}
      <p role="status" aria-live="polite" className={deletedNotice ? "rounded-xl border border-stone-200 bg-white px-4 py-2 text-sm text-stone-800" : "sr-only"}>
        {deletedNotice}
      </p>
      {items.length === 0 ? (
        <div className="rounded-2xl border-2 border-dashed border-stone-300 bg-white px-6 py-12 text-center">
          <p className="text-lg font-semibold">No videos yet</p>
          <p className="mt-1 text-stone-600">Your videos appear here as soon as you order them.</p>
        </div>
      ) : (
        <ul aria-label="Videos" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <li key={item.id} className="flex flex-col" data-testid="video-item">
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
              <div className="flex flex-wrap items-center gap-2 px-1 pt-2">
                {isTerminalStatus(item.status) && (
                  <EditCopyButton
                    orderId={item.id}
                    hasDraft={draft !== null}
                    className={itemButton}
                    ariaLabel={`Edit a copy of ${item.title ?? "Untitled video"}`}
                  />
                )}
                <DeleteVideoButton
                  orderId={item.id}
                  status={item.status}
                  className={itemButton}
                  ariaLabel={`Delete ${item.title ?? "Untitled video"}`}
                  onDeleted={() => {
                    setItems((current) => current.filter((other) => other.id !== item.id));
                    setDeletedNotice(`“${item.title ?? "Untitled video"}” was deleted.`);
                  }}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <DeviceLinkPanel />
    </div>
  );
}
