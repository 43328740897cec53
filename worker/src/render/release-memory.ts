import koffi from "koffi";

// glibc's malloc keeps memory that was freed in the middle of its heaps
// resident: free() gives back only the top of a heap. Decoding a photo
// (libvips, on its own threads and arena) and drawing a caption leave tens of
// MB of such free pages behind after every clip (measured on a 100-photo
// story: ~24 MB free in the main arena, ~16 MB in libvips's, out of a
// ~200 MB worker). malloc_trim(0) hands every free page back to the kernel
// (madvise), in well under a millisecond, so the renderer calls it after
// each clip is prepared. Elsewhere than glibc there is nothing to call and
// this does nothing.

type Trim = (pad: number) => number;

let trim: Trim | null | undefined;

function loadTrim(): Trim | null {
  if (process.platform !== "linux") return null;
  try {
    return koffi.load("libc.so.6").func("int malloc_trim(size_t pad)") as Trim;
  } catch {
    return null; // not glibc (musl, say): no malloc_trim
  }
}

/** Returns the allocator's free pages to the system; false where that cannot be done. */
export function releaseFreeMemory(): boolean {
  if (trim === undefined) trim = loadTrim();
  if (!trim) return false;
  trim(0);
  return true;
}
