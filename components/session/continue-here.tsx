"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ApiErrorBody } from "@/lib/contracts/api-error";

// The second device's side of "Continue on another device": reads the link's
// token from the URL fragment (never sent to a server, so never logged),
// removes it from the address bar, and joins only once the visitor says so:
// a link someone else made would otherwise put this browser into their
// session without a word.

type State = { kind: "ready"; token: string } | { kind: "missing" } | { kind: "joining"; token: string } | { kind: "refused"; message: string };

const button =
  "inline-flex items-center justify-center rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 disabled:bg-stone-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

export function ContinueHere(props: { ownVideos: number; hasOwnDraft: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<State | null>(null);

  useEffect(() => {
    // The fragment exists only in the browser: read after mounting, and again when another link is opened in this tab.
    const read = () => {
      const token = decodeURIComponent(window.location.hash.slice(1));
      // Out of the address bar (and so of the history) at once; it opens once anyway.
      if (token) window.history.replaceState(null, "", window.location.pathname);
      setState((current) => (token ? { kind: "ready", token } : (current ?? { kind: "missing" })));
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  async function join(token: string) {
    setState({ kind: "joining", token });
    try {
      const response = await fetch("/api/session/join", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        setState({ kind: "refused", message: body?.error?.message ?? "This link could not be opened. Make a new one on your other device." });
        return;
      }
      router.replace("/videos?joined=1");
      router.refresh();
    } catch {
      setState({ kind: "ready", token });
    }
  }

  const own = [props.ownVideos > 0 ? (props.ownVideos === 1 ? "1 video" : `${props.ownVideos} videos`) : null, props.hasOwnDraft ? "a story in progress" : null]
    .filter(Boolean)
    .join(" and ");

  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Continue on this device</h1>
      {state === null && <p className="text-stone-700">Reading the link…</p>}
      {state?.kind === "missing" && (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900" data-testid="continue-error">
          This link is incomplete. Open the whole link, or scan the QR code again, from your other device (My videos → Continue on another device).
        </div>
      )}
      {state?.kind === "refused" && (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900" data-testid="continue-error">
          {state.message}
        </div>
      )}
      {(state?.kind === "ready" || state?.kind === "joining") && (
        <>
          <p className="text-stone-700">
            This browser will show the videos and the story of the browser that made this link, and what you make here will be there too. Only
            continue if you made this link yourself.
          </p>
          {own && (
            <p className="rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              This browser has {own} of its own; they will no longer be shown here.
            </p>
          )}
          <button type="button" className={button} disabled={state.kind === "joining"} onClick={() => void join(state.token)}>
            {state.kind === "joining" ? "Opening…" : "Continue here"}
          </button>
        </>
      )}
    </div>
  );
}
