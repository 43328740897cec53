// How the console shows the API's figures; the e2e test formats the API's
// answer with these same functions to check the page against it.

/** "—" for unknown, "0.42 s", "12.3 s", "4 min 05 s", "2 h 10 min". */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value < 10) return `${value.toFixed(2)} s`;
  if (value < 60) return `${value.toFixed(1)} s`;
  if (value < 3600) return `${Math.floor(value / 60)} min ${String(Math.round(value % 60)).padStart(2, "0")} s`;
  return `${Math.floor(value / 3600)} h ${String(Math.round((value % 3600) / 60)).padStart(2, "0")} min`;
}

/** "$0.000034" per video: cents are too coarse for a render. */
export function formatUsd(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `$${value.toFixed(6)}`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : String(value);
}

/** Videos finished per minute over the window. */
export function formatPerMinute(done: number, windowSeconds: number): string {
  return `${(done / (windowSeconds / 60)).toFixed(2)}/min`;
}

export const WINDOW_SECONDS = { "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 / 1024).toFixed(2)} MB`;
}

/** "2026-12-01 15:04:05" UTC, the same on the server and in any browser. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) : "—";
}

export const formatMs = (ms: number | null | undefined) => formatSeconds(ms === null || ms === undefined ? null : ms / 1000);
