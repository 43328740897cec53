import { parentPort } from "node:worker_threads";
import { resampleWindow, type Window, type YuvOverlay } from "./compose";
import type { YuvImage } from "./yuv";

// A thread that computes Ken Burns frames (see resample-pool.ts): pictures
// and output frames live in SharedArrayBuffers, so nothing is copied.

export type ResampleMessage =
  | { type: "clip"; id: number; width: number; height: number; data: SharedArrayBuffer; overlay: YuvOverlay | null }
  | { type: "drop"; id: number }
  | { type: "frame"; seq: number; id: number; window: Window; width: number; height: number; out: SharedArrayBuffer };

const clips = new Map<number, { picture: YuvImage; overlay: YuvOverlay | null }>();

parentPort?.on("message", (message: ResampleMessage) => {
  if (message.type === "clip") {
    clips.set(message.id, { picture: { width: message.width, height: message.height, data: Buffer.from(message.data) }, overlay: message.overlay });
  } else if (message.type === "drop") {
    clips.delete(message.id);
  } else {
    try {
      const clip = clips.get(message.id);
      if (!clip) throw new Error(`unknown clip ${message.id}`);
      const out = { width: message.width, height: message.height, data: Buffer.from(message.out) };
      resampleWindow(clip.picture, out, message.window, clip, clip.overlay);
      parentPort?.postMessage({ seq: message.seq });
    } catch (error: unknown) {
      parentPort?.postMessage({ seq: message.seq, error: (error as Error).message });
    }
  }
});
