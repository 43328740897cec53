"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { StorySpecInput } from "@/lib/contracts/story-spec";
import { buttonClass } from "./controls";
import { readError } from "./upload-file";

// The bar at the bottom of the editor: what the video will hold, why it
// cannot be ordered yet (or that it can), and "Make my video", which saves
// the draft, places the order and opens its page.

export function OrderBar(props: {
  summary: string;
  /** Why the story cannot be ordered yet; null when it can. */
  blocker: string | null;
  /** The order's body, made when the customer orders. */
  onOrder: () => StorySpecInput;
  /** Run first (the draft is saved, so the order page's "Edit a copy" and a reload find it). */
  beforeOrder: () => Promise<unknown>;
}) {
  const router = useRouter();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  async function order() {
    if (props.blocker || isSubmitting) return;
    setIsSubmitting(true);
    setSubmitError(null);
    try {
      await props.beforeOrder();
      const response = await fetch("/api/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify(props.onOrder()),
      });
      if (!response.ok) throw new Error(await readError(response));
      const { orderId } = (await response.json()) as { orderId: string };
      router.push(`/orders/${orderId}`);
    } catch (error: unknown) {
      setSubmitError(error instanceof Error ? error.message : "The order could not be placed. Please try again.");
      setIsSubmitting(false);
    }
  }

  // data-order-bar: globals.css keeps focused controls clear of this bar (scroll-padding).
  return (
    <div data-order-bar className="fixed inset-x-0 bottom-0 z-40 border-t border-stone-200 bg-white/95 shadow-[0_-4px_16px_rgba(0,0,0,0.06)] backdrop-blur">
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3">
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-stone-900">{props.summary}</p>
          <p className="line-clamp-2 text-sm leading-snug text-stone-700" id="order-blocker" data-testid="order-blocker">
            {submitError ? <span className="text-red-700">{submitError}</span> : (props.blocker ?? "Ready to make your video.")}
          </p>
        </div>
        <button
          type="button"
          onClick={order}
          disabled={Boolean(props.blocker) || isSubmitting}
          aria-describedby="order-blocker"
          className={`${buttonClass.primary} flex-none px-4 py-3 text-base sm:px-6`}
        >
          {isSubmitting ? "Ordering…" : "Make my video"}
        </button>
      </div>
    </div>
  );
}
