import { describe, expect, it } from "vitest";
import { audioSniffLength, sniffAudioType } from "./sniff-audio";

const bytes = (...parts: (string | readonly number[])[]) => {
  const out: number[] = [];
  for (const part of parts) out.push(...(typeof part === "string" ? Array.from(part, (c) => c.charCodeAt(0)) : part));
  while (out.length < 64) out.push(0);
  return Uint8Array.from(out);
};

/** An empty ID3v2.4 tag: 10 bytes, size 0. */
const EMPTY_ID3 = ["ID3", [4, 0, 0, 0, 0, 0, 0]] as const;
/** An ID3v2.4 tag with `size` bytes of (zero) frames. */
const id3 = (size: number) => ["ID3", [4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f], Array<number>(size).fill(0)] as const;
const MP3_FRAME = [0xff, 0xfb, 0x90, 0x64];
/** ADTS: AAC LC, 44.1 kHz, stereo, a 16-byte frame. */
const ADTS_FRAME = [0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc];

describe("sniffAudioType", () => {
  it.each([
    ["WAV", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), "audio/wav"],
    ["Ogg", bytes("OggS", [0, 2]), "audio/ogg"],
    ["FLAC", bytes("fLaC", [0, 0, 0, 0x22]), "audio/flac"],
    ["M4A", bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0]), "audio/mp4"],
    ["MP3 frame (MPEG-1 layer III)", bytes(MP3_FRAME), "audio/mpeg"],
    ["MP3 frame (MPEG-2 layer III)", bytes([0xff, 0xf3, 0x40, 0xc4]), "audio/mpeg"],
    ["ADTS AAC", bytes(ADTS_FRAME), "audio/aac"],
    ["ID3 tag then MP3 frame", bytes(...id3(2), MP3_FRAME), "audio/mpeg"],
    ["ID3 tag then ADTS", bytes(...id3(2), ADTS_FRAME), "audio/aac"],
    ["an empty ID3 tag then an MP3 frame", bytes(...EMPTY_ID3, MP3_FRAME), "audio/mpeg"],
    ["ID3 tag then FLAC", bytes(...id3(20), "fLaC", [0, 0, 0, 0x22]), "audio/flac"],
    ["a 100 kB ID3 tag (cover art) then an MP3 frame", bytes(...id3(100_000), MP3_FRAME), "audio/mpeg"],
  ])("recognises %s", (_name, input, type) => {
    expect(sniffAudioType(input)).toEqual({ ok: true, contentType: type });
  });

  it.each([
    ["a JPEG", bytes([0xff, 0xd8, 0xff, 0xe0])],
    ["a PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["a RIFF that is not WAVE (WebP)", bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 ")],
    ["text", bytes("hello, this is not music at all")],
    ["a reserved MPEG version", bytes([0xff, 0xeb, 0x90, 0x64])],
    ["a reserved MPEG bitrate", bytes([0xff, 0xfb, 0xf0, 0x64])],
    ["a reserved MPEG sampling rate", bytes([0xff, 0xfb, 0x9c, 0x64])],
    ["a reserved MPEG emphasis", bytes([0xff, 0xfb, 0x90, 0x66])],
    ["an ADTS header with a reserved sampling rate", bytes([0xff, 0xf1, 0x7c, 0x80, 0x02, 0x1f, 0xfc])],
    ["an ADTS header with a frame shorter than its header", bytes([0xff, 0xf1, 0x50, 0x80, 0x00, 0x1f, 0xfc])],
    ["zeros", bytes([0, 0, 0, 0])],
    // The attack: ffmpeg, left to guess, reads this as an HLS playlist and plays the file it names.
    ["an empty ID3 tag then an HLS playlist", bytes(...EMPTY_ID3, "#EXTM3U\n#EXTINF:5,\nfile:///srv/secret.mp3\n#EXT-X-ENDLIST\n")],
    ["an ID3 tag then an ffconcat script", bytes(...id3(4), "ffconcat version 1.0\nfile '/etc/passwd'\n")],
    ["an ID3 tag then zeros", bytes(...id3(2), [0, 0, 0, 0, 0, 0, 0, 0])],
    ["an ID3 tag then an image", bytes(...EMPTY_ID3, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ])("refuses %s", (_name, input) => {
    expect(sniffAudioType(input)).toEqual({ ok: false, reason: "unknown_type" });
  });

  it("cannot judge an ID3 tag longer than what was read, and says how much to read", () => {
    const start = bytes("ID3", [4, 0, 0, 0, 0, 0x7f, 0x7f]); // a 16393-byte tag, 64 bytes read
    expect(sniffAudioType(start)).toEqual({ ok: false, reason: "truncated" });
    expect(audioSniffLength(start)).toBe(10 + 0x3fff + 7);
    expect(audioSniffLength(bytes(MP3_FRAME))).toBe(12);
  });

  it("reports an empty or short read", () => {
    expect(sniffAudioType(new Uint8Array())).toEqual({ ok: false, reason: "unknown_type" });
    expect(sniffAudioType(Uint8Array.from([0x52, 0x49]))).toEqual({ ok: false, reason: "truncated" });
  });
});
