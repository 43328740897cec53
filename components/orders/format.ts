import type { OrderStatus } from "@/lib/contracts/order";

/** "0:42", "12:05": a video's length as players show it. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "about 2 minutes", "about 40 seconds", "a few seconds". */
export function formatEta(seconds: number): string {
  if (seconds < 10) return "a few seconds";
  if (seconds < 60) return `about ${Math.round(seconds / 10) * 10} seconds`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "about a minute" : `about ${minutes} minutes`;
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  queued: "Waiting in line",
  rendering: "Being made",
  done: "Ready",
  failed: "Could not be made",
  canceled: "Canceled",
};

export const STATUS_BADGE: Record<OrderStatus, string> = {
  queued: "bg-amber-100 text-amber-900",
  rendering: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  canceled: "bg-stone-200 text-stone-800",
};

export function formatCreatedAt(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC";
}
