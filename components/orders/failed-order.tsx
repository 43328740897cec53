"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import type { OrderView, RetryOrderResponse } from "@/lib/contracts/order";
import { useEditCopy } from "./order-actions";

// A failed order on its page: why, in the customer's words, and "Try again",
// which orders the same story again, or, when one of its photos could not be
// read (it would fail the same way), opens a copy in the editor with that
// photo marked to replace.

export function FailedOrder({ order, hasDraft }: { order: OrderView; hasDraft: boolean }) {
  const router = useRouter();
  const [isRetrying, setIsRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  // A file that cannot be read fails every time: "Try again" opens a copy with it flagged to replace.
  const replace = useEditCopy({ orderId: order.id, hasDraft });
  const unreadable = order.unreadableInput;

  async function retry() {
    if (unreadable) return replace.editCopy();
    setIsRetrying(true);
    setRetryError(null);
    try {
      const response = await fetch(`/api/orders/${order.id}/retry`, { method: "POST" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        throw new Error(body?.error?.message ?? "The video could not be ordered again.");
      }
      const { orderId } = (await response.json()) as RetryOrderResponse;
      router.push(`/orders/${orderId}`);
    } catch (error: unknown) {
      setRetryError(error instanceof Error ? error.message : "The video could not be ordered again.");
      setIsRetrying(false);
    }
  }

  return (
    <div className="mt-3 space-y-4">
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-semibold">What went wrong</p>
        <p className="mt-1" data-testid="order-error">
          {order.error}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={retry}
          disabled={isRetrying || replace.isCopying}
          className="inline-flex items-center rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 disabled:bg-stone-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
        >
          {replace.isCopying ? "Opening the editor…" : isRetrying ? "Ordering again…" : "Try again"}
        </button>
        {!unreadable && (
          <Link href="/editor" className="font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
            Change the story first
          </Link>
        )}
      </div>
      {unreadable && (
        <p className="text-sm text-stone-700" data-testid="replace-hint">
          {`Try again opens a copy of your story in the editor, with photo ${unreadable.number} marked to replace.`}
        </p>
      )}
      {(retryError ?? replace.copyError) && (
        <p role="alert" className="text-sm text-red-800">
          {retryError ?? replace.copyError}
        </p>
      )}
    </div>
  );
}
