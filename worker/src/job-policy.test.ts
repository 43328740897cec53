import { describe, expect, it } from "vitest";
import { OrderCanceledError } from "./cancel-watch";
import {
  GIVE_UP_REASON,
  PermanentJobError,
  actionForError,
  actionForOutcome,
  attemptDetail,
  describeError,
  retryDelaySeconds,
  type FailedAttempt,
} from "./job-policy";

const ORDER = "ord_1";

function failed(overrides: Partial<FailedAttempt>): FailedAttempt {
  return { error: new Error("boom"), orderId: ORDER, abortReason: undefined, isStopping: false, receiveCount: 1, maxReceiveCount: 5, ...overrides };
}

describe("actionForOutcome", () => {
  it.each(["done", "skipped"] as const)("acknowledges a %s order", (outcome) => {
    expect(actionForOutcome(outcome)).toEqual({ kind: "acknowledge", attempt: outcome });
  });
});

describe("actionForError", () => {
  it("treats an error caused by a cancel as canceled, whatever the error", () => {
    const abortReason = new OrderCanceledError(ORDER);
    expect(actionForError(failed({ error: new Error("ffmpeg killed"), abortReason }))).toEqual({ kind: "canceled", attempt: "canceled" });
    expect(actionForError(failed({ error: new PermanentJobError("r", "d"), abortReason, isStopping: true, receiveCount: 9 }))).toEqual({
      kind: "canceled",
      attempt: "canceled",
    });
  });

  it("does not call a cancel without an order a cancel", () => {
    const action = actionForError(failed({ orderId: undefined, abortReason: new OrderCanceledError(ORDER) }));
    expect(action.kind).toBe("retry");
  });

  it("fails the order for good on a permanent error, keeping its reason and detail", () => {
    expect(actionForError(failed({ error: new PermanentJobError("Photo 2 is no longer available.", "asset a missing") }))).toEqual({
      kind: "fail",
      attempt: "failed",
      reason: "Photo 2 is no longer available.",
      detail: "asset a missing",
    });
  });

  it("carries the photo that could not be read, so the order records which one", () => {
    const error = new PermanentJobError("Photo 4, beach.jpg, could not be read. Replace it and try again.", "slide 4: decode failed", { slideIndex: 3, assetId: "a4" });
    expect(actionForError(failed({ error, receiveCount: 3 }))).toEqual({
      kind: "fail",
      attempt: "failed",
      reason: "Photo 4, beach.jpg, could not be read. Replace it and try again.",
      detail: "slide 4: decode failed",
      failedInput: { slideIndex: 3, assetId: "a4" },
    });
  });

  it("fails a malformed message (no order id yet) for good, even while stopping or on the last receive", () => {
    const action = actionForError(failed({ orderId: undefined, error: new PermanentJobError("", "malformed queue message"), isStopping: true, receiveCount: 5 }));
    expect(action).toEqual({ kind: "fail", attempt: "failed", reason: "", detail: "malformed queue message" });
  });

  it("releases the message when the worker is stopping, even on the last receive", () => {
    const abortReason = new Error("worker stopping");
    expect(actionForError(failed({ error: new Error("aborted"), abortReason, isStopping: true, receiveCount: 5 }))).toEqual({
      kind: "release",
      attempt: "released",
      detail: "Error: aborted",
    });
  });

  it("retries a transient error before the last receive, waiting 5 s per receive", () => {
    expect(actionForError(failed({ error: new TypeError("fetch failed"), receiveCount: 2 }))).toEqual({
      kind: "retry",
      attempt: "retry",
      delaySeconds: 10,
      detail: "TypeError: fetch failed",
    });
  });

  it("retries for ever without a redrive policy", () => {
    expect(actionForError(failed({ receiveCount: 1000, maxReceiveCount: Number.POSITIVE_INFINITY })).kind).toBe("retry");
  });

  it("gives up on the last receive (and after it), telling the customer", () => {
    for (const receiveCount of [5, 6]) {
      expect(actionForError(failed({ error: "string thrown", receiveCount }))).toEqual({
        kind: "give-up",
        attempt: "failed",
        reason: GIVE_UP_REASON,
        delaySeconds: 5 * receiveCount,
        detail: "string thrown",
      });
    }
  });

  it("retries a lost lease (aborted, not stopping, not canceled)", () => {
    const action = actionForError(failed({ error: new Error("aborted"), abortReason: new Error("lost the queue lease") }));
    expect(action).toMatchObject({ kind: "retry", detail: "Error: aborted" });
  });
});

describe("retryDelaySeconds", () => {
  it("grows 5 s per receive up to a minute", () => {
    expect([1, 2, 11, 12, 13, 100].map(retryDelaySeconds)).toEqual([5, 10, 55, 60, 60, 60]);
  });
});

describe("describeError", () => {
  it("uses a permanent error's detail, an Error's name and message, or the thrown value", () => {
    expect(describeError(new PermanentJobError("shown", "logged"))).toBe("logged");
    expect(describeError(new RangeError("too big"))).toBe("RangeError: too big");
    expect(describeError(42)).toBe("42");
  });
});

describe("attemptDetail", () => {
  it("records no error for a finished or canceled attempt", () => {
    expect(attemptDetail(actionForOutcome("done"))).toBeUndefined();
    expect(attemptDetail(actionForError(failed({ abortReason: new OrderCanceledError(ORDER) })))).toBeUndefined();
  });

  it("records the detail of a failed, released, retried or given-up attempt", () => {
    expect(attemptDetail(actionForError(failed({ error: new PermanentJobError("r", "d") })))).toBe("d");
    expect(attemptDetail(actionForError(failed({ isStopping: true })))).toBe("Error: boom");
    expect(attemptDetail(actionForError(failed({})))).toBe("Error: boom");
    expect(attemptDetail(actionForError(failed({ receiveCount: 5 })))).toBe("Error: boom");
  });
});
