import { describe, expect, it } from "vitest";
import type { UploadState } from "./editor-model";
import { describeUnfinishedUploads, findUploadBlocker, summarizeUploads, uploadPhase } from "./upload-summary";

const item = (upload: UploadState) => ({ upload });
const ready = item({ status: "ready" });
const uploading = item({ status: "uploading", progress: 0.4 });
const offline = item({ status: "failed", reason: "The upload was interrupted.", retry: { kind: "connection" } });
const later = item({ status: "failed", reason: "Request failed (503)", retry: { kind: "timer", at: 1 } });
const failed = item({ status: "failed", reason: "Request failed (503)" });
const wrongType = item({ status: "refused", reason: "Only JPEG, PNG and WebP photos can be used" });
const notAPhoto = item({ status: "refused", reason: "This file is not a JPEG, PNG or WebP photo" });
const tooBig = item({ status: "refused", reason: "This photo is 26 MB; the limit is 25 MB" });

describe("uploadPhase", () => {
  it("tells a failure that is tried again by itself from one that waits for Retry, and both from a refusal", () => {
    expect([uploading, item({ status: "queued" }), offline, later, failed, wrongType, ready].map((i) => uploadPhase(i.upload))).toEqual([
      "uploading",
      "uploading",
      "waiting",
      "waiting",
      "failed",
      "refused",
      "ready",
    ]);
  });
});

describe("summarizeUploads", () => {
  it("says nothing while all is well", () => {
    expect(summarizeUploads([ready, uploading], ready, true)).toEqual([]);
    expect(summarizeUploads([], null, false)).toEqual([]);
  });

  it("counts the photos waiting for the connection, and says when the browser is offline", () => {
    expect(summarizeUploads([offline, offline, ready], null, false)).toEqual([
      { tone: "waiting", text: "You are offline: 2 photos waiting for the connection. They upload by themselves when it is back." },
    ]);
    expect(summarizeUploads([offline], offline, true)).toEqual([
      { tone: "waiting", text: "1 photo and the music waiting for the connection. They upload by themselves when it is back." },
    ]);
    expect(summarizeUploads([ready], offline, true)[0].text).toBe("The music waiting for the connection. It uploads by itself when it is back.");
  });

  it("reports refused photos apart from failed ones, with the reason", () => {
    expect(summarizeUploads([notAPhoto, later, ready], null, true)).toEqual([
      { tone: "waiting", text: "1 photo could not be uploaded just now: trying again by itself in a moment." },
      { tone: "problem", text: "1 photo refused: This file is not a JPEG, PNG or WebP photo." },
    ]);
    expect(summarizeUploads([failed, failed], null, true)).toEqual([
      { tone: "problem", text: "2 photos could not be uploaded: Request failed (503). Retry or remove them." },
    ]);
    // Two kinds of refusal are both named; more point to the photos.
    expect(summarizeUploads([wrongType, tooBig], null, true)[0].text).toBe(
      "2 photos refused: Only JPEG, PNG and WebP photos can be used. This photo is 26 MB; the limit is 25 MB.",
    );
    expect(summarizeUploads([wrongType, tooBig, notAPhoto], null, true)[0].text).toBe("3 photos refused: Each one says why.");
    expect(summarizeUploads([], item({ status: "refused", reason: "Only MP3 music." }), true)).toEqual([
      { tone: "problem", text: "The music was refused: Only MP3 music." },
    ]);
  });
});

describe("findUploadBlocker", () => {
  it("names what the uploads still need before an order, photos first", () => {
    expect(findUploadBlocker([ready], ready)).toBeNull();
    expect(findUploadBlocker([ready, uploading, offline], null)).toBe("Wait for 1 photo to finish uploading.");
    expect(findUploadBlocker([offline, offline, later], null)).toBe("Waiting for the connection: 2 photos still to upload.");
    expect(findUploadBlocker([later, failed], null)).toBe("Wait for 1 photo to upload: trying again in a moment.");
    expect(findUploadBlocker([failed, wrongType], null)).toBe("Retry or remove the photo that could not be uploaded.");
    expect(findUploadBlocker([wrongType, tooBig], null)).toBe("Remove the 2 refused photos: they cannot be used.");
    expect(findUploadBlocker([wrongType], null)).toBe("Remove the refused photo: it cannot be used.");
    expect(findUploadBlocker([ready], uploading)).toBe("Wait for the music to finish uploading.");
    expect(findUploadBlocker([ready], offline)).toBe("Waiting for the connection: the music still has to upload.");
    expect(findUploadBlocker([ready], later)).toBe("Wait for the music to upload: trying again in a moment.");
    expect(findUploadBlocker([ready], failed)).toBe("Retry or remove the music, which could not be uploaded.");
    expect(findUploadBlocker([ready], wrongType)).toBe("Remove the music, which cannot be used.");
  });
});

describe("describeUnfinishedUploads", () => {
  it("names what leaving would lose; refused and ready files are not", () => {
    expect(describeUnfinishedUploads([ready, wrongType], ready)).toBeNull();
    expect(describeUnfinishedUploads([uploading, ready], null)).toBe("1 photo is not uploaded yet: if you leave now, it is not kept.");
    expect(describeUnfinishedUploads([uploading, offline, failed], null)).toBe("3 photos are not uploaded yet: if you leave now, they are not kept.");
    expect(describeUnfinishedUploads([ready], later)).toBe("The music is not uploaded yet: if you leave now, it is not kept.");
    expect(describeUnfinishedUploads([offline], uploading)).toBe("1 photo and the music are not uploaded yet: if you leave now, they are not kept.");
  });
});
