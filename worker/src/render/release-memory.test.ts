import { readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { createMemoryReleaser, loadMallocTrim } from "./release-memory";

const rssAnonKb = () => Number(/RssAnon:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
const isGlibcLinux = process.platform === "linux" && Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

describe("createMemoryReleaser", () => {
  it.runIf(isGlibcLinux)("gives pages freed in the middle of the heap back to the system", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // 48 MB of 16 KB blocks (under glibc's mmap threshold: they come from the
    // heap), every 16th kept, so the freed ones are holes free() cannot trim.
    const blocks: (ArrayBuffer | null)[] = Array.from({ length: 3072 }, () => new ArrayBuffer(16 << 10));
    for (const [i, block] of blocks.entries()) new Uint8Array(block!).fill(i & 0xff); // touch every page
    const kept = blocks.filter((_, i) => i % 16 === 0);
    blocks.fill(null);
    gc();
    gc();
    const before = rssAnonKb();
    expect(createMemoryReleaser()()).toBe(true);
    const after = rssAnonKb();
    expect(before - after).toBeGreaterThan(24 << 10); // most of the 45 MB freed
    expect(kept.every((block, i) => new Uint8Array(block!)[0] === ((i * 16) & 0xff))).toBe(true); // live blocks untouched
  });

  it("trims with no padding on every call, and says so", () => {
    const trim = vi.fn(() => 1);
    const release = createMemoryReleaser(trim);
    expect([release(), release()]).toEqual([true, true]);
    expect(trim.mock.calls).toEqual([[0], [0]]);
  });

  it("does nothing, and says so, where there is no malloc_trim", () => {
    const release = createMemoryReleaser(null);
    expect([release(), release()]).toEqual([false, false]);
  });

  it.runIf(isGlibcLinux)("finds glibc's malloc_trim here", () => {
    const trim = loadMallocTrim();
    expect(typeof trim).toBe("function");
    expect(trim!(0)).toBeTypeOf("number");
  });
});
