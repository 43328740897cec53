// What the console's parts share: how often they poll, the button styles,
// the status colours, and the server's refusal as text.
import type { ApiErrorBody } from "@/lib/contracts/api-error";

export const POLL_MS = 2000;
export const button =
  "rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600";
export const dangerButton =
  "rounded-lg border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600";

export const STATUS_TONE: Record<string, string> = {
  queued: "bg-amber-100 text-amber-900",
  rendering: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  canceled: "bg-stone-200 text-stone-800",
};

export async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return body?.error?.message ?? `The server answered ${response.status}`;
}

export function JobActions({ job, onCancel, onRetry }: { job: { id: string; status: string }; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
  // Offered for every job: the server refuses the wrong state with its reason.
  return (
    <div className="flex gap-1">
      <button type="button" className={dangerButton} onClick={() => onCancel(job.id)} aria-label={`Cancel ${job.id}`}>Cancel</button>
      <button type="button" className={button} onClick={() => onRetry(job.id)} aria-label={`Retry ${job.id}`}>Retry</button>
    </div>
  );
}
