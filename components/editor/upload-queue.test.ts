import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { UploadState } from "./editor-model";
import { UploadError } from "./upload-file";
import { MAX_AUTO_RETRIES, MAX_RETRY_DELAY_MS, PARALLEL_UPLOADS, createUploadQueue, retryDelayMs, type SendFile } from "./upload-queue";

const network = () => new UploadError("The upload was interrupted: the connection was lost.", true);
const notAPhoto = () => new UploadError("This file is not a JPEG, PNG or WebP photo", false);

/** A queue whose sends answer from `answers` in turn (an Error is thrown), recording each job's states. */
function setUp(answers: Array<Error | "ok" | "hang" | Promise<never>>) {
  let online = true;
  const send = vi.fn<SendFile>(async ({ signal }) => {
    const answer = answers.shift() ?? "ok";
    if (answer === "hang") return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("canceled", "AbortError"))));
    if (answer instanceof Error) throw answer;
    if (answer instanceof Promise) return answer;
    return { id: "asset-1" };
  });
  const queue = createUploadQueue({ send, isOnline: () => online, random: () => 0.5 });
  const states = new Map<string, UploadState[]>();
  const add = (key: string) => {
    states.set(key, []);
    queue.start({ key, file: new File(["x"], `${key}.jpg`), contentType: "image/jpeg", isQueued: true, onChange: (state) => states.get(key)!.push(state) });
  };
  const last = (key: string) => states.get(key)!.at(-1);
  return { queue, send, add, last, states, setOnline: (value: boolean) => void (online = value) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-12-01T12:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("retryDelayMs", () => {
  it("doubles from 1 s up to 30 s, with ±25% jitter that never passes the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => retryDelayMs(attempt, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(retryDelayMs(1, () => 0)).toBe(750);
    expect(retryDelayMs(1, () => 1)).toBe(1250);
    expect(retryDelayMs(6, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe("the upload queue", () => {
  it("tries a network failure again by itself after the backoff, and the upload ends ready", async () => {
    const { add, send, last } = setUp([network()]);
    add("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toEqual({ status: "failed", reason: "The upload was interrupted: the connection was lost.", retry: { kind: "timer", at: Date.now() + 1000 } });
    await vi.advanceTimersByTimeAsync(999);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(last("a")).toEqual({ status: "ready" });
  });

  it("stops trying by itself after MAX_AUTO_RETRIES; Retry still works", async () => {
    const { add, send, last, queue } = setUp(Array.from({ length: MAX_AUTO_RETRIES + 1 }, network));
    add("a");
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(send).toHaveBeenCalledTimes(MAX_AUTO_RETRIES + 1);
    expect(last("a")).toEqual({ status: "failed", reason: "The upload was interrupted: the connection was lost." });
    expect(queue.retry("a")).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toEqual({ status: "ready" });
  });

  it("never tries a refused file again, not on a timer, not when the connection comes back, not by Retry", async () => {
    const { add, send, last, queue, states } = setUp([notAPhoto()]);
    add("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toEqual({ status: "refused", reason: "This file is not a JPEG, PNG or WebP photo" });
    queue.handleOnline();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(queue.retry("a")).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
    expect(states.get("a")!.map((state) => state.status)).toEqual(["queued", "uploading", "refused"]);
  });

  it("offline, a failed upload waits for the connection instead of a timer, and goes on when it is back", async () => {
    let cut: (error: Error) => void = () => undefined;
    const { add, send, last, queue, setOnline } = setUp([new Promise<never>((_, reject) => (cut = reject)), "ok"]);
    add("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toEqual({ status: "uploading", progress: 0 });
    // The connection drops mid-upload: the browser goes offline and the request fails.
    setOnline(false);
    cut(network());
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toEqual({ status: "failed", reason: "The upload was interrupted: the connection was lost.", retry: { kind: "connection" } });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(send).toHaveBeenCalledTimes(1);
    setOnline(true);
    queue.handleOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(2);
    expect(last("a")).toEqual({ status: "ready" });
  });

  it("going offline turns a scheduled try into a wait for the connection; uploads not started yet are not tried offline", async () => {
    const { add, send, last, queue, setOnline } = setUp([network()]);
    add("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(last("a")).toMatchObject({ retry: { kind: "timer" } });
    setOnline(false);
    queue.handleOffline();
    expect(last("a")).toMatchObject({ status: "failed", retry: { kind: "connection" } });
    add("b");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(last("b")).toEqual({ status: "failed", reason: "You are offline.", retry: { kind: "connection" } });
    setOnline(true);
    queue.handleOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect([last("a"), last("b")]).toEqual([{ status: "ready" }, { status: "ready" }]);
  });

  it("a canceled upload is not tried again and reports nothing more", async () => {
    const { add, send, queue, states } = setUp([network()]);
    add("a");
    await vi.advanceTimersByTimeAsync(0);
    const seen = states.get("a")!.length;
    queue.cancel("a");
    queue.handleOnline();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(states.get("a")!.length).toBe(seen);
  });

  it(`sends at most ${PARALLEL_UPLOADS} photos at once; the others wait queued`, async () => {
    const { add, send, last, queue } = setUp(Array.from({ length: 6 }, () => "hang" as const));
    for (const key of ["a", "b", "c", "d", "e", "f"]) add(key);
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(PARALLEL_UPLOADS);
    expect(last("f")).toEqual({ status: "queued" });
    queue.cancel("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(PARALLEL_UPLOADS + 1);
  });
});
