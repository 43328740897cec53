import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDownloadedBytes, checkDownloadedFile } from "./check-download";

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const WEBP = Uint8Array.from([...Buffer.from("RIFF"), 0x24, 0, 0, 0, ...Buffer.from("WEBPVP8 ")]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>');
const MP3 = Uint8Array.from([...Buffer.from("ID3"), 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);
const HLS = new TextEncoder().encode("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000#EXTM3U\n#EXTINF:5,\nfile:///srv/secret.mp3\n");
const WAV = Uint8Array.from([...Buffer.from("RIFF"), 0x24, 0, 0, 0, ...Buffer.from("WAVEfmt ")]);

describe("checkDownloadedBytes", () => {
  it.each([
    ["a JPEG stored as JPEG", JPEG, "image/jpeg"],
    ["a PNG stored as PNG", PNG, "image/png"],
    ["a WebP stored as WebP", WEBP, "image/webp"],
  ])("passes %s", (_name, bytes, type) => {
    expect(checkDownloadedBytes(bytes, { kind: "photo", contentType: type, sniffedType: type })).toEqual({ ok: true, contentType: type });
  });

  it.each([
    ["a WebP where a PNG was checked", WEBP, "image/png"],
    ["a PNG where a JPEG was checked", PNG, "image/jpeg"],
    ["an SVG where a PNG was checked", SVG, "image/png"],
    ["music where a photo was checked", MP3, "image/jpeg"],
  ])("refuses %s", (_name, bytes, type) => {
    expect(checkDownloadedBytes(bytes, { kind: "photo", contentType: type, sniffedType: type })).toMatchObject({ ok: false, expected: type });
  });

  it("falls back to the declared type for a photo accepted before types were stored, and refuses a declared type that is no photo type", () => {
    expect(checkDownloadedBytes(JPEG, { kind: "photo", contentType: "image/jpeg", sniffedType: null })).toEqual({ ok: true, contentType: "image/jpeg" });
    expect(checkDownloadedBytes(WEBP, { kind: "photo", contentType: "image/png", sniffedType: null })).toMatchObject({ ok: false });
    expect(checkDownloadedBytes(SVG, { kind: "photo", contentType: "image/svg+xml", sniffedType: "image/svg+xml" })).toMatchObject({ ok: false });
  });

  it("passes music of the sniffed type, and music accepted before types were stored as what its bytes are", () => {
    expect(checkDownloadedBytes(MP3, { kind: "music", contentType: "audio/mpeg", sniffedType: "audio/mpeg" })).toEqual({ ok: true, contentType: "audio/mpeg" });
    expect(checkDownloadedBytes(WAV, { kind: "music", contentType: "audio/mpeg", sniffedType: null })).toEqual({ ok: true, contentType: "audio/wav" });
  });

  it.each([
    ["a WAV where an MP3 was checked", WAV, "audio/mpeg"],
    ["an ID3-prefixed playlist", HLS, "audio/mpeg"],
    ["an ID3-prefixed playlist accepted before types were stored", HLS, null],
    ["a JPEG", JPEG, "audio/mpeg"],
  ])("refuses %s", (_name, bytes, sniffedType) => {
    expect(checkDownloadedBytes(bytes, { kind: "music", contentType: "audio/mpeg", sniffedType })).toMatchObject({ ok: false });
  });
});

describe("checkDownloadedFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-check-download-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("passes a real photo of the checked type and refuses one of another", async () => {
    const file = path.join(dir, "photo");
    await sharp({ create: { width: 32, height: 32, channels: 3, background: "#336699" } }).webp().toFile(file);
    expect(await checkDownloadedFile(file, { kind: "photo", contentType: "image/webp", sniffedType: "image/webp" })).toEqual({ ok: true, contentType: "image/webp" });
    expect(await checkDownloadedFile(file, { kind: "photo", contentType: "image/png", sniffedType: "image/png" })).toMatchObject({ ok: false, found: "image/webp" });
  });

  it("reads past an ID3 tag longer than the first read (cover art)", async () => {
    const size = 100_000;
    const tag = Buffer.from([...Buffer.from("ID3"), 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
    const file = path.join(dir, "music");
    await writeFile(file, Buffer.concat([tag, Buffer.alloc(size), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(1000)]));
    expect(await checkDownloadedFile(file, { kind: "music", contentType: "audio/mpeg", sniffedType: "audio/mpeg" })).toEqual({ ok: true, contentType: "audio/mpeg" });
    // A tag that claims more than the file holds: the file is read, not what the tag claims.
    await writeFile(file, Buffer.concat([Buffer.from([...Buffer.from("ID3"), 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]), Buffer.alloc(10)]));
    expect(await checkDownloadedFile(file, { kind: "music", contentType: "audio/mpeg", sniffedType: "audio/mpeg" })).toMatchObject({ ok: false });
  });
});
