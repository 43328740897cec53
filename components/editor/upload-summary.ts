import type { UploadState } from "./editor-model";

// What the uploads of a story amount to, in words for the customer: the
// summary above the photos ("2 photos waiting for the connection", "1 photo
// refused: …") and what stops an order while uploads are not done.

/** Where an upload stands, as the customer needs to know it. */
export type UploadPhase =
  /** Queued or sending. */
  | "uploading"
  /** Failed, and tried again by itself: when the browser is back online, or after a backoff. */
  | "waiting"
  /** Failed, and tried again only by Retry (the automatic tries are used up). */
  | "failed"
  /** The server or a check said no: only removal helps. */
  | "refused"
  | "ready";

export function uploadPhase(upload: UploadState): UploadPhase {
  switch (upload.status) {
    case "queued":
    case "uploading":
      return "uploading";
    case "failed":
      return upload.retry ? "waiting" : "failed";
    case "refused":
      return "refused";
    case "ready":
      return "ready";
  }
}

type Upload = { upload: UploadState };

export type SummaryLine = { tone: "waiting" | "problem"; text: string };

const photos = (n: number) => (n === 1 ? "1 photo" : `${n} photos`);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => `${text.trim().replace(/[.\s]+$/, "")}.`;
const isWaitingFor = (kind: "connection" | "timer") => (item: Upload) => item.upload.status === "failed" && item.upload.retry?.kind === kind;
const reasonOf = (item: Upload) => ("reason" in item.upload ? item.upload.reason : "");

/** The reasons of several refusals or failures: one sentence each, or a pointer to the photos when there are many kinds. */
function reasons(items: Upload[]): string {
  const distinct = [...new Set(items.map((item) => sentence(reasonOf(item))))];
  return distinct.length <= 2 ? distinct.join(" ") : "Each one says why.";
}

/** The lines shown above the photos while something about the uploads needs the customer to know; empty when all is well. */
export function summarizeUploads(slides: Upload[], music: Upload | null, isOnline: boolean): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const offline = slides.filter(isWaitingFor("connection"));
  const musicOffline = music !== null && isWaitingFor("connection")(music);
  if (offline.length || musicOffline) {
    const what = [offline.length ? photos(offline.length) : "", musicOffline ? "the music" : ""].filter(Boolean).join(" and ");
    const isOne = offline.length + (musicOffline ? 1 : 0) === 1;
    lines.push({
      tone: "waiting",
      text: `${isOnline ? capitalize(what) : `You are offline: ${what}`} waiting for the connection. ${isOne ? "It uploads by itself" : "They upload by themselves"} when it is back.`,
    });
  }
  const later = slides.filter(isWaitingFor("timer"));
  if (later.length) {
    lines.push({
      tone: "waiting",
      text: `${photos(later.length)} could not be uploaded just now: trying again by ${later.length === 1 ? "itself" : "themselves"} in a moment.`,
    });
  }
  if (music && isWaitingFor("timer")(music)) lines.push({ tone: "waiting", text: "The music could not be uploaded just now: trying again by itself in a moment." });
  const failed = slides.filter((slide) => uploadPhase(slide.upload) === "failed");
  if (failed.length) {
    lines.push({ tone: "problem", text: `${photos(failed.length)} could not be uploaded: ${reasons(failed)} Retry or remove ${failed.length === 1 ? "it" : "them"}.` });
  }
  if (music && uploadPhase(music.upload) === "failed") lines.push({ tone: "problem", text: `The music could not be uploaded: ${reasons([music])} Retry or remove it.` });
  const refused = slides.filter((slide) => uploadPhase(slide.upload) === "refused");
  if (refused.length) lines.push({ tone: "problem", text: `${photos(refused.length)} refused: ${reasons(refused)}` });
  if (music && uploadPhase(music.upload) === "refused") lines.push({ tone: "problem", text: `The music was refused: ${reasons([music])}` });
  return lines;
}

/** Why the uploads stop an order (photos first, then the music); null when every one is ready. */
export function findUploadBlocker(slides: Upload[], music: Upload | null): string | null {
  const count = (phase: UploadPhase) => slides.filter((slide) => uploadPhase(slide.upload) === phase).length;
  const uploading = count("uploading");
  if (uploading) return `Wait for ${photos(uploading)} to finish uploading.`;
  const offline = slides.filter(isWaitingFor("connection")).length;
  if (offline) return `Waiting for the connection: ${photos(offline)} still to upload.`;
  const later = slides.filter(isWaitingFor("timer")).length;
  if (later) return `Wait for ${photos(later)} to upload: trying again in a moment.`;
  const failed = count("failed");
  if (failed) return `Retry or remove the ${failed === 1 ? "photo that" : `${failed} photos that`} could not be uploaded.`;
  const refused = count("refused");
  if (refused) return `Remove the ${refused === 1 ? "refused photo: it cannot" : `${refused} refused photos: they cannot`} be used.`;
  if (!music) return null;
  switch (uploadPhase(music.upload)) {
    case "uploading":
      return "Wait for the music to finish uploading.";
    case "waiting":
      return isWaitingFor("connection")(music) ? "Waiting for the connection: the music still has to upload." : "Wait for the music to upload: trying again in a moment.";
    case "failed":
      return "Retry or remove the music, which could not be uploaded.";
    case "refused":
      return "Remove the music, which cannot be used.";
    case "ready":
      return null;
  }
}

/** What leaving the page would lose, or null: photos and music whose upload is not done (a refused file is not kept anyway). */
export function describeUnfinishedUploads(slides: Upload[], music: Upload | null): string | null {
  const isUnfinished = (item: Upload) => ["uploading", "waiting", "failed"].includes(uploadPhase(item.upload));
  const count = slides.filter(isUnfinished).length;
  const hasMusic = music !== null && isUnfinished(music);
  if (!count && !hasMusic) return null;
  const what = [count ? photos(count) : "", hasMusic ? "the music" : ""].filter(Boolean).join(" and ");
  const isOne = count + (hasMusic ? 1 : 0) === 1;
  return `${capitalize(what)} ${isOne ? "is" : "are"} not uploaded yet: if you leave now, ${isOne ? "it is" : "they are"} not kept.`;
}
