"use client";

import { useMemo, useRef, useState } from "react";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import type { DeviceLinkResponse } from "@/lib/contracts/session";
import { makeQrShape } from "./qr-path";

// "Continue on another device": makes a one-time link (15 minutes) to this
// browser's videos and story, shown as a QR code to scan with a phone and as
// text to copy. Making a new one, or "Stop this link", ends the old one.

const button =
  "inline-flex items-center rounded-xl border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return body?.error?.message ?? "That did not work. Please try again.";
}

export function DeviceLinkPanel() {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const input = useRef<HTMLInputElement>(null);
  const qr = useMemo(() => (link ? makeQrShape(link.url) : null), [link]);

  async function create() {
    setIsBusy(true);
    setError(null);
    setCopyState("idle");
    try {
      const response = await fetch("/api/session/links", { method: "POST" });
      if (!response.ok) throw new Error(await readError(response));
      const made = (await response.json()) as DeviceLinkResponse;
      setLink({ url: new URL(made.path, window.location.origin).toString(), expiresAt: made.expiresAt });
    } catch (caught: unknown) {
      setError(caught instanceof Error ? caught.message : "The link could not be made.");
    } finally {
      setIsBusy(false);
    }
  }

  async function stop() {
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/session/links", { method: "DELETE" });
      if (!response.ok) throw new Error(await readError(response));
      setLink(null);
    } catch (caught: unknown) {
      setError(caught instanceof Error ? caught.message : "The link could not be stopped.");
    } finally {
      setIsBusy(false);
    }
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopyState("copied");
    } catch {
      input.current?.select();
      setCopyState("failed");
    }
  }

  const until = link ? new Date(link.expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  return (
    <section aria-labelledby="device-link-heading" className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 id="device-link-heading" className="text-base font-semibold text-stone-900">
        Continue on another device
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Open these videos and your story on your phone or another computer, without an account. The link works once, for 15 minutes.
      </p>
      {!link && (
        <button type="button" className={`${button} mt-3`} disabled={isBusy} onClick={() => void create()}>
          {isBusy ? "Making a link…" : "Make a link"}
        </button>
      )}
      {link && qr && (
        <div className="mt-3 flex flex-wrap items-start gap-4">
          <svg
            role="img"
            aria-label="QR code of the link"
            data-testid="device-link-qr"
            viewBox={`0 0 ${qr.size} ${qr.size}`}
            shapeRendering="crispEdges"
            className="h-44 w-44 flex-none rounded-lg border border-stone-200 bg-white"
          >
            <rect width={qr.size} height={qr.size} fill="#ffffff" />
            <path d={qr.path} fill="#000000" />
          </svg>
          <div className="min-w-0 flex-1 space-y-2">
            <label htmlFor="device-link" className="block text-sm font-semibold text-stone-800">
              Link for your other device
            </label>
            <div className="flex gap-2">
              <input
                id="device-link"
                ref={input}
                readOnly
                value={link.url}
                onFocus={(event) => event.target.select()}
                className="min-w-0 flex-1 rounded-xl border border-stone-300 bg-stone-50 px-3 py-2 text-sm text-stone-800"
              />
              <button type="button" className={button} onClick={() => void copy()}>
                {copyState === "copied" ? "Copied" : "Copy link"}
              </button>
            </div>
            <p className="text-xs text-stone-600" role="status" aria-live="polite">
              {copyState === "failed" ? "Press Ctrl+C (or ⌘C) to copy the selected link. " : ""}
              Works once, until {until}. Anyone with it can see and change your videos until then: send it only to yourself.
            </p>
            <div className="flex flex-wrap gap-2">
              <button type="button" className={button} disabled={isBusy} onClick={() => void create()}>
                New link
              </button>
              <button type="button" className={button} disabled={isBusy} onClick={() => void stop()}>
                Stop this link
              </button>
            </div>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </section>
  );
}
