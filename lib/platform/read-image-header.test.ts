import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { readImageHeader, sniffImageType } from "./read-image-header";

const blank = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } });

/** Offset of the first JPEG start-of-frame marker (FFC0..FFCF minus DHT/JPG/DAC), or -1. */
function findStartOfFrame(jpeg: Buffer): number {
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    const marker = jpeg[offset + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return offset;
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return -1;
}

/** SOI + a baseline SOF0 segment declaring the given size (3 components). */
function handcraftedJpegHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, // SOI
    0xff, 0xc0, // SOF0
    0x00, 0x11, // segment length 17
    0x08, // sample precision
    height >> 8, height & 0xff,
    width >> 8, width & 0xff,
    0x03, // components
    0x01, 0x22, 0x00,
    0x02, 0x11, 0x01,
    0x03, 0x11, 0x01,
  ]);
}

type Fixture = { name: string; bytes: Buffer; contentType: string; width: number; height: number };
const fixtures: Fixture[] = [];

beforeAll(async () => {
  const make = async (name: string, image: ReturnType<typeof sharp>, contentType: string, width: number, height: number) => {
    fixtures.push({ name, bytes: await image.toBuffer(), contentType, width, height });
  };
  await make("JPEG 640x480", blank(640, 480).jpeg(), "image/jpeg", 640, 480);
  await make("progressive JPEG 333x222", blank(333, 222).jpeg({ progressive: true }), "image/jpeg", 333, 222);
  await make("PNG 300x200", blank(300, 200).png(), "image/png", 300, 200);
  await make("PNG with alpha 17x1000", blank(17, 1000, 4).png(), "image/png", 17, 1000);
  await make("WebP lossy 320x240", blank(320, 240).webp({ quality: 80 }), "image/webp", 320, 240);
  await make("WebP lossless 50x40", blank(50, 40).webp({ lossless: true }), "image/webp", 50, 40);
  await make("WebP lossy with alpha 321x123", blank(321, 123, 4).webp(), "image/webp", 321, 123);
  await make("WebP lossless 16383x1", blank(16383, 1).webp({ lossless: true }), "image/webp", 16383, 1);
});

describe("readImageHeader on images made by sharp", () => {
  it("has every fixture", () => {
    expect(fixtures).toHaveLength(8);
  });

  it("reads the type and size of each", async () => {
    for (const fixture of fixtures) {
      // Sanity: sharp agrees on what it wrote.
      const meta = await sharp(fixture.bytes).metadata();
      expect([meta.width, meta.height], fixture.name).toEqual([fixture.width, fixture.height]);

      expect(readImageHeader(fixture.bytes), fixture.name).toEqual({
        ok: true,
        header: { contentType: fixture.contentType, width: fixture.width, height: fixture.height },
      });
      expect(sniffImageType(fixture.bytes), fixture.name).toBe(fixture.contentType);
    }
  });

  it("reads each from only its first 4 KiB", () => {
    for (const fixture of fixtures.filter((f) => f.contentType !== "image/jpeg")) {
      expect(readImageHeader(fixture.bytes.subarray(0, 4096)), fixture.name).toMatchObject({ ok: true });
    }
  });

  it("covers the three WebP chunk kinds (VP8, VP8L, VP8X)", () => {
    const chunks = fixtures
      .filter((f) => f.contentType === "image/webp")
      .map((f) => f.bytes.subarray(12, 16).toString("latin1"));
    expect(new Set(chunks)).toEqual(new Set(["VP8 ", "VP8L", "VP8X"]));
  });

  it("works on a Uint8Array view that does not start at offset 0 of its buffer", () => {
    const png = fixtures.find((f) => f.contentType === "image/png")!;
    const padded = new Uint8Array(png.bytes.length + 7);
    padded.set(png.bytes, 7);
    expect(readImageHeader(padded.subarray(7))).toEqual({
      ok: true,
      header: { contentType: "image/png", width: 300, height: 200 },
    });
  });

  it("skips a big EXIF and ICC segment before the frame header", async () => {
    const jpeg = await blank(640, 480)
      .withExif({ IFD0: { ImageDescription: "x".repeat(30_000), Copyright: "Reelmaker" } })
      .withIccProfile("p3")
      .jpeg()
      .toBuffer();
    // The size really does sit behind the metadata.
    expect(findStartOfFrame(jpeg)).toBeGreaterThan(30_000);
    expect(readImageHeader(jpeg)).toEqual({ ok: true, header: { contentType: "image/jpeg", width: 640, height: 480 } });
  });

  it("reads a JPEG whose metadata was kept by withMetadata()", async () => {
    const jpeg = await blank(123, 45).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(findStartOfFrame(jpeg)).toBeGreaterThan(20);
    // The stored size, not the displayed (rotated) one.
    expect(readImageHeader(jpeg)).toEqual({ ok: true, header: { contentType: "image/jpeg", width: 123, height: 45 } });
  });
});

describe("readImageHeader failures", () => {
  it("a text file is unknown_type", () => {
    const text = new TextEncoder().encode("hello, this is not an image at all\n");
    expect(readImageHeader(text)).toEqual({ ok: false, reason: "unknown_type" });
    expect(sniffImageType(text)).toBeNull();
  });

  it.each([
    ["empty", new Uint8Array()],
    ["a GIF", new TextEncoder().encode("GIF89a\x01\x00\x01\x00")],
    ["RIFF that is not WebP", new TextEncoder().encode("RIFF\x00\x00\x00\x00WAVEfmt ")],
    ["two bytes of JPEG", Uint8Array.from([0xff, 0xd8])],
  ])("%s is unknown_type", (_name, bytes) => {
    expect(readImageHeader(bytes)).toEqual({ ok: false, reason: "unknown_type" });
    expect(sniffImageType(bytes)).toBeNull();
  });

  it("the first 4 bytes of a JPEG are not ok (truncated)", async () => {
    const jpeg = await blank(64, 64).jpeg().toBuffer();
    const result = readImageHeader(jpeg.subarray(0, 4));
    expect(result.ok).toBe(false);
    expect(result).toEqual({ ok: false, reason: "truncated" });
    expect(sniffImageType(jpeg.subarray(0, 4))).toBe("image/jpeg");
  });

  it("a JPEG cut before its frame header is truncated", async () => {
    const jpeg = await blank(64, 64).withIccProfile("p3").jpeg().toBuffer();
    const sof = findStartOfFrame(jpeg);
    expect(sof).toBeGreaterThan(0);
    expect(readImageHeader(jpeg.subarray(0, sof))).toEqual({ ok: false, reason: "truncated" });
    expect(readImageHeader(jpeg.subarray(0, sof + 6))).toEqual({ ok: false, reason: "truncated" });
  });

  it.each([
    ["PNG", "image/png", 23],
    ["WebP", "image/webp", 29],
  ])("a %s cut before its size is truncated", async (_name, type, keep) => {
    const image = type === "image/png" ? blank(10, 10).png() : blank(10, 10).webp();
    const bytes = (await image.toBuffer()).subarray(0, keep);
    expect(sniffImageType(bytes)).toBe(type);
    expect(readImageHeader(bytes)).toEqual({ ok: false, reason: "truncated" });
  });

  it("a JPEG whose segments do not start with 0xFF is corrupt", () => {
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0x00, 0x00]))).toEqual({
      ok: false,
      reason: "corrupt",
    });
  });

  it("a JPEG reaching scan data before any frame header is corrupt", () => {
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 0, 0, 0, 0, 0, 0]))).toEqual({
      ok: false,
      reason: "corrupt",
    });
  });

  it("a JPEG frame header with zero width is corrupt", () => {
    expect(readImageHeader(handcraftedJpegHeader(0, 100))).toEqual({ ok: false, reason: "corrupt" });
  });

  it("a PNG whose first chunk is not IHDR is corrupt", async () => {
    const png = Buffer.from(await blank(10, 10).png().toBuffer());
    png.write("IDAT", 12, "latin1");
    expect(readImageHeader(png)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("a WebP with an unknown first chunk is corrupt", async () => {
    const webp = Buffer.from(await blank(10, 10).webp().toBuffer());
    webp.write("ABCD", 12, "latin1");
    expect(readImageHeader(webp)).toEqual({ ok: false, reason: "corrupt" });
  });
});

describe("oversized images are still read (the caller refuses them by pixel count)", () => {
  it("a handcrafted JPEG header declaring 30000x30000", () => {
    const bytes = handcraftedJpegHeader(30_000, 30_000);
    expect(sniffImageType(bytes)).toBe("image/jpeg");
    expect(readImageHeader(bytes)).toEqual({ ok: true, header: { contentType: "image/jpeg", width: 30_000, height: 30_000 } });
  });

  it("a handcrafted JPEG header with width and height that differ", () => {
    expect(readImageHeader(handcraftedJpegHeader(65_535, 2))).toEqual({
      ok: true,
      header: { contentType: "image/jpeg", width: 65_535, height: 2 },
    });
  });
});
