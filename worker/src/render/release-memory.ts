import koffi from "koffi";

// What the renderer does after each clip is prepared, so memory does not
// pile up between clips (figures: docs/decisions.md, Memory):
// - glibc's malloc keeps memory freed in the middle of its heaps resident
//   (free() gives back only a heap's top), and decoding a photo (libvips,
//   on its own threads and arena) and drawing a caption leave tens of MB of
//   such pages behind; malloc_trim(0) hands them back to the kernel, in
//   well under a millisecond. Elsewhere than glibc there is nothing to call.
// - Garbage collections, for buffers V8 hardly counts (clipGarbageCollector).

type Trim = (pad: number) => number;

/** glibc's malloc_trim, or null where there is none. */
export function loadMallocTrim(): Trim | null {
  if (process.platform !== "linux") return null;
  try {
    return koffi.load("libc.so.6").func("int malloc_trim(size_t pad)") as Trim;
  } catch {
    return null; // not glibc (musl, say): no malloc_trim
  }
}

/**
 * A function that returns the allocator's free pages to the system (with
 * `trim`, glibc's malloc_trim by default) and says whether it could.
 */
export function createMemoryReleaser(trim: Trim | null = loadMallocTrim()): () => boolean {
  return () => {
    if (!trim) return false;
    trim(0);
    return true;
  };
}

type Collect = (options: { type: "minor" | "major" }) => void;

/** Buffer memory that may pile up as garbage between two major collections. */
export const BUFFER_GARBAGE_LIMIT = 8 << 20;

/**
 * Frees what preparing a clip left behind, with `gc` (the worker's Node runs
 * with --expose-gc: worker/src/runtime.ts; null without it: nothing is done).
 * The decoder's RGB output (~8 MB for a 1080p Ken Burns photo) and the
 * caption's pixels are garbage in buffers V8 hardly counts, so without this
 * they wait for a collection the JavaScript heap's own growth triggers, and
 * several pile up. A young-generation collection is cheap, but buffers V8
 * allocates straight into the old generation (a caption's arrays, ~2.6 MB a
 * clip) survive it, so once buffer memory (`buffers()`) has grown by
 * BUFFER_GARBAGE_LIMIT since the last full collection, a full one. Figures:
 * docs/decisions.md.
 */
export function clipGarbageCollector(
  gc: Collect | null = (globalThis as { gc?: Collect }).gc ?? null,
  buffers: () => number = () => process.memoryUsage().arrayBuffers,
): () => void {
  let buffersAfterMajor = 0;
  return () => {
    if (!gc) return;
    gc({ type: "minor" });
    if (buffers() <= buffersAfterMajor + BUFFER_GARBAGE_LIMIT) return;
    gc({ type: "major" });
    buffersAfterMajor = buffers();
  };
}
