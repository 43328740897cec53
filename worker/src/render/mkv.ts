import type { FrameSize } from "../../../lib/timeline";

// The frames travel to ffmpeg as uncompressed yuv420p in a minimal Matroska
// stream, because Matroska carries a timestamp per frame: a still photo is
// sent when it appears and again on the last frame it shows (so ffmpeg need
// not wait for the next picture), and ffmpeg's fps filter repeats it in
// between. For a standard story that is ~160 frames piped instead of 765
// (3 MB each at 1080p), and the encoder still gets every frame. Only what ffmpeg's
// matroska demuxer needs is written: an EBML header, a Segment of unknown
// size (a stream), Info, one video track (V_UNCOMPRESSED, ColourSpace
// "I420"), then one Cluster per frame holding one SimpleBlock.

/** Timestamps are in milliseconds (TimecodeScale 1 000 000 ns). */
const TIMECODE_SCALE_NS = 1_000_000;

/** An EBML variable-size integer in 8 bytes (any size up to 2^56 − 2). */
function size8(value: number): Buffer {
  const out = Buffer.alloc(8);
  out[0] = 0x01;
  out.writeUIntBE(value, 2, 6);
  return out;
}

/** The unknown size (all ones): the Segment of a stream. */
const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

function idBytes(id: number): Buffer {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = Buffer.alloc(length);
  out.writeUIntBE(id, 0, length);
  return out;
}

const element = (id: number, ...children: Buffer[]) => {
  const body = Buffer.concat(children);
  return Buffer.concat([idBytes(id), size8(body.length), body]);
};

function uint(id: number, value: number): Buffer {
  let length = 1;
  while (length < 6 && value >= 2 ** (8 * length)) length += 1;
  const body = Buffer.alloc(length);
  body.writeUIntBE(value, 0, length);
  return element(id, body);
}

const text = (id: number, value: string) => element(id, Buffer.from(value, "ascii"));

/** Everything before the first frame: EBML header, Segment start, Info and the video track. */
export function mkvHeader(size: FrameSize, fps: number): Buffer {
  const ebml = element(
    0x1a45dfa3,
    uint(0x4286, 1), // EBMLVersion
    uint(0x42f7, 1), // EBMLReadVersion
    uint(0x42f2, 4), // EBMLMaxIDLength
    uint(0x42f3, 8), // EBMLMaxSizeLength
    text(0x4282, "matroska"), // DocType
    uint(0x4287, 4), // DocTypeVersion
    uint(0x4285, 2), // DocTypeReadVersion
  );
  const info = element(0x1549a966, uint(0x2ad7b1, TIMECODE_SCALE_NS), text(0x4d80, "reelmaker"), text(0x5741, "reelmaker"));
  const video = element(
    0xe0,
    uint(0xb0, size.width), // PixelWidth
    uint(0xba, size.height), // PixelHeight
    element(0x2eb524, Buffer.from("I420", "ascii")), // ColourSpace (FourCC)
  );
  const track = element(
    0xae,
    uint(0xd7, 1), // TrackNumber
    uint(0x73c5, 1), // TrackUID
    uint(0x83, 1), // TrackType: video
    uint(0x9c, 0), // FlagLacing
    text(0x86, "V_UNCOMPRESSED"), // CodecID
    uint(0x23e383, Math.round(1e9 / fps)), // DefaultDuration (ns): the last frame's length
    video,
  );
  return Buffer.concat([ebml, idBytes(0x18538067), UNKNOWN_SIZE, info, element(0x1654ae6b, track)]);
}

/** The timestamp (ms) of frame `index`, rounded: ffmpeg's cfr output puts it back on frame `index`. */
export const frameTimestampMs = (index: number, fps: number) => Math.round((index * 1000) / fps);

/**
 * What precedes one frame's bytes: a Cluster at the frame's timestamp with
 * one SimpleBlock (track 1, relative time 0, keyframe) of `frameLength`
 * bytes. The frame itself is written right after, without a copy.
 */
export function mkvFrameHeader(timestampMs: number, frameLength: number): Buffer {
  const timecode = uint(0xe7, timestampMs);
  const blockHead = Buffer.from([0x81, 0x00, 0x00, 0x80]); // track 1, relative timecode 0, keyframe
  const simpleBlockHead = Buffer.concat([idBytes(0xa3), size8(blockHead.length + frameLength), blockHead]);
  return Buffer.concat([idBytes(0x1f43b675), size8(timecode.length + simpleBlockHead.length + frameLength), timecode, simpleBlockHead]);
}
