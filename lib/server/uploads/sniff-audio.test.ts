import { describe, expect, it } from "vitest";
import { sniffAudioType } from "./sniff-audio";

const bytes = (...parts: (string | number[])[]) => {
  const out: number[] = [];
  for (const part of parts) out.push(...(typeof part === "string" ? Array.from(part, (c) => c.charCodeAt(0)) : part));
  while (out.length < 64) out.push(0);
  return Uint8Array.from(out);
};

describe("sniffAudioType", () => {
  it.each([
    ["WAV", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), "audio/wav"],
    ["Ogg", bytes("OggS", [0, 2]), "audio/ogg"],
    ["FLAC", bytes("fLaC", [0, 0, 0, 0x22]), "audio/flac"],
    ["M4A", bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0]), "audio/mp4"],
    ["MP3 frame (MPEG-1 layer III)", bytes([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
    ["MP3 frame (MPEG-2 layer III)", bytes([0xff, 0xf3, 0x40, 0xc4]), "audio/mpeg"],
    ["ADTS AAC", bytes([0xff, 0xf1, 0x50, 0x80]), "audio/aac"],
    ["ID3 tag then MP3 frame", bytes("ID3", [4, 0, 0, 0, 0, 0, 2], [0, 0], [0xff, 0xfb, 0x90]), "audio/mpeg"],
    ["ID3 tag then ADTS", bytes("ID3", [4, 0, 0, 0, 0, 0, 2], [0, 0], [0xff, 0xf1, 0x50]), "audio/aac"],
    ["ID3 tag longer than what was read", bytes("ID3", [4, 0, 0, 0, 0, 0x7f, 0x7f]), "audio/mpeg"],
  ])("recognises %s", (_name, input, type) => {
    expect(sniffAudioType(input)).toEqual({ ok: true, contentType: type });
  });

  it.each([
    ["a JPEG", bytes([0xff, 0xd8, 0xff, 0xe0])],
    ["a PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["a RIFF that is not WAVE (WebP)", bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 ")],
    ["text", bytes("hello, this is not music at all")],
    ["a reserved MPEG version", bytes([0xff, 0xeb, 0x90, 0x64])],
    ["zeros", bytes([0, 0, 0, 0])],
  ])("refuses %s", (_name, input) => {
    expect(sniffAudioType(input)).toEqual({ ok: false, reason: "unknown_type" });
  });

  it("reports an empty or short read", () => {
    expect(sniffAudioType(new Uint8Array())).toEqual({ ok: false, reason: "unknown_type" });
    expect(sniffAudioType(Uint8Array.from([0x52, 0x49]))).toEqual({ ok: false, reason: "truncated" });
  });
});
