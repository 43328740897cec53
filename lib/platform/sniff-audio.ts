import type { AudioContentType } from "../contracts/upload";

// Recognises an audio file by its first bytes (the renderer's ffmpeg decodes
// it later, forced to the demuxer of the type found here; a file that only
// looks like audio fails the order with a plain reason). Pure, so it is
// tested byte by byte.

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The length of an ID3v2 tag at the start (0 when there is none). */
export function id3Length(b: Uint8Array): number {
  if (b.length < 10 || ascii(b, 0, 3) !== "ID3") return 0;
  // Syncsafe integer: 7 bits per byte; plus the 10-byte header and an optional footer.
  const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
  return 10 + size + (b[5] & 0x10 ? 10 : 0);
}

/** Bytes a frame header check needs after the ID3 tag. */
const FRAME_HEADER_BYTES = 7;

/**
 * How many bytes from the start `sniffAudioType` needs to decide: the ID3
 * tag (which may hold cover art, megabytes of it) plus a frame header.
 */
export function audioSniffLength(start: Uint8Array): number {
  return Math.max(12, id3Length(start) + FRAME_HEADER_BYTES);
}

/**
 * The type of the audio frame whose header starts at `at`, if it is a
 * valid one: an ADTS (AAC) header (12-bit sync, layer 00, a real sampling
 * rate, a frame at least as long as its header) or an MPEG audio layer
 * I–III header (11-bit sync, no reserved version, layer, bitrate, sampling
 * rate or emphasis). Text, a playlist or zeros never pass.
 */
function frameType(b: Uint8Array, at: number): AudioContentType | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const layer = (b[at + 1] >> 1) & 0x03;
  if (layer === 0) {
    if ((b[at + 1] & 0xf0) !== 0xf0) return null;
    if (at + FRAME_HEADER_BYTES > b.length) return null;
    const samplingIndex = (b[at + 2] >> 2) & 0x0f;
    const frameLength = ((b[at + 3] & 0x03) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
    return samplingIndex <= 12 && frameLength >= FRAME_HEADER_BYTES ? "audio/aac" : null;
  }
  const version = (b[at + 1] >> 3) & 0x03;
  const bitrateIndex = b[at + 2] >> 4;
  const samplingIndex = (b[at + 2] >> 2) & 0x03;
  const emphasis = b[at + 3] & 0x03;
  if (version === 0x01 || bitrateIndex === 0x0f || samplingIndex === 0x03 || emphasis === 0x02) return null;
  return "audio/mpeg";
}

export type AudioSniff = { ok: true; contentType: AudioContentType } | { ok: false; reason: "unknown_type" | "truncated" };

/**
 * `b` is the start of the file: at least `audioSniffLength(b)` bytes of it
 * (or the whole file), else the answer may be "truncated".
 */
export function sniffAudioType(b: Uint8Array): AudioSniff {
  if (b.length < 12) return { ok: false, reason: b.length === 0 ? "unknown_type" : "truncated" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return { ok: true, contentType: "audio/wav" };
  if (ascii(b, 0, 4) === "OggS") return { ok: true, contentType: "audio/ogg" };
  if (ascii(b, 0, 4) === "fLaC") return { ok: true, contentType: "audio/flac" };
  if (ascii(b, 4, 8) === "ftyp") return { ok: true, contentType: "audio/mp4" };
  const tag = id3Length(b);
  if (tag > 0) {
    // An ID3 tag says nothing about what follows it: real MP3 or ADTS
    // frames (or FLAC, rarely) must, else anything (a playlist that ffmpeg
    // would follow to other files) could hide behind ten bytes of tag.
    if (tag + 4 > b.length) return { ok: false, reason: "truncated" };
    if (ascii(b, tag, tag + 4) === "fLaC") return { ok: true, contentType: "audio/flac" };
    const framed = frameType(b, tag);
    if (framed) return { ok: true, contentType: framed };
    // An ADTS header is 7 bytes: a file cut right after the tag cannot be judged.
    return tag + FRAME_HEADER_BYTES > b.length && b[tag] === 0xff ? { ok: false, reason: "truncated" } : { ok: false, reason: "unknown_type" };
  }
  const framed = frameType(b, 0);
  return framed ? { ok: true, contentType: framed } : { ok: false, reason: "unknown_type" };
}
