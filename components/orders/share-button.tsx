"use client";

import { useState, useSyncExternalStore } from "react";

// A "Share" button for phones (and any browser with the Web Share API): the
// system's share sheet with the video's title and link. Where the API is
// missing it renders nothing, and the page's copy-link field remains.

const subscribeNever = () => () => {};
const hasWebShare = () => typeof navigator.share === "function";

export function ShareButton(props: { title: string; url: string; className?: string }) {
  const canShare = useSyncExternalStore(subscribeNever, hasWebShare, () => false);
  const [error, setError] = useState<string | null>(null);
  if (!canShare) return null;

  async function share() {
    setError(null);
    try {
      // A relative link (the order page's) is made absolute here.
      await navigator.share({ title: props.title, url: new URL(props.url, window.location.href).toString() });
    } catch (caught: unknown) {
      // Closing the share sheet is not an error.
      if (caught instanceof DOMException && caught.name === "AbortError") return;
      setError("Sharing did not work here: copy the link instead.");
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={share}
        className={
          props.className ??
          "inline-flex items-center gap-2 rounded-xl border border-stone-300 bg-white px-5 py-2.5 font-semibold text-stone-800 shadow-sm hover:bg-stone-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
        }
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M10 13V3m0 0L6.5 6.5M10 3l3.5 3.5M4 11v5h12v-5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Share
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      )}
    </>
  );
}
