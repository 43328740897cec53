import type { AudioContentType } from "../../contracts/upload";

// Recognises an audio file by its first bytes (the renderer's ffmpeg decodes
// it later; a file that only looks like audio fails the order with a plain
// reason). Pure, so it is tested byte by byte.

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The length of an ID3v2 tag at the start (0 when there is none). */
function id3Length(b: Uint8Array): number {
  if (b.length < 10 || ascii(b, 0, 3) !== "ID3") return 0;
  // Syncsafe integer: 7 bits per byte; plus the 10-byte header and an optional footer.
  const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
  return 10 + size + (b[5] & 0x10 ? 10 : 0);
}

function frameSyncType(b: Uint8Array, at: number): AudioContentType | null {
  if (at + 2 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const layer = (b[at + 1] >> 1) & 0x03;
  // ADTS (AAC) has layer 00 and a 12-bit sync; MPEG audio layers I–III are 01–11.
  if (layer === 0) return (b[at + 1] & 0xf0) === 0xf0 ? "audio/aac" : null;
  return (b[at + 1] & 0x18) === 0x08 ? null : "audio/mpeg"; // version bits 01 are reserved
}

export type AudioSniff = { ok: true; contentType: AudioContentType } | { ok: false; reason: "unknown_type" | "truncated" };

export function sniffAudioType(b: Uint8Array): AudioSniff {
  if (b.length < 12) return { ok: false, reason: b.length === 0 ? "unknown_type" : "truncated" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return { ok: true, contentType: "audio/wav" };
  if (ascii(b, 0, 4) === "OggS") return { ok: true, contentType: "audio/ogg" };
  if (ascii(b, 0, 4) === "fLaC") return { ok: true, contentType: "audio/flac" };
  if (ascii(b, 4, 8) === "ftyp") return { ok: true, contentType: "audio/mp4" };
  const tag = id3Length(b);
  if (tag > 0) {
    // After an ID3 tag comes MP3 or ADTS frames (or FLAC, rarely).
    if (tag + 4 > b.length) return { ok: true, contentType: "audio/mpeg" };
    if (ascii(b, tag, tag + 4) === "fLaC") return { ok: true, contentType: "audio/flac" };
    return { ok: true, contentType: frameSyncType(b, tag) ?? "audio/mpeg" };
  }
  const framed = frameSyncType(b, 0);
  return framed ? { ok: true, contentType: framed } : { ok: false, reason: "unknown_type" };
}
