import type { FrameSize } from "../../../../lib/timeline";
import { planesOf, yuvSize } from "../yuv";

// Where the SIMD kernel (simd-kernel.ts) keeps what it works on in its
// linear memory, and the layout of the tables pixels.wat reads: named here
// so that the kernel's JavaScript writes fields, not raw byte offsets.

/**
 * The horizontal pass's table (pixels.wat, resample_plane): one entry per
 * block of 16 output samples of a row; byte offsets within an entry.
 */
export const BLOCK = {
  bytes: 144,
  /** i32: the block's first source column, relative to the first column the plane needs. */
  firstColumn: 0,
  /** 16 × u8: each sample's left source column, relative to the block's first. */
  left: 16,
  /** 16 × u8: the same minus 16 (the shuffle that picks from the second 16 bytes). */
  leftInSecond: 32,
  /** 16 × u8: the right source column (left + 1). */
  right: 48,
  /** 16 × u8: the right column minus 16. */
  rightInSecond: 64,
  /** 16 × u16: each sample's weight (0..256) of its right column. */
  rightWeight: 80,
  /** 16 × u16: 256 minus that weight. */
  leftWeight: 112,
} as const;

/** The vertical pass's table (pixels.wat, resample_plane): one entry per output row. */
export const ROW = {
  bytes: 16,
  /** i32: address of the first source row (offset to the first column the plane needs). */
  firstRow: 0,
  /** i32: address of the second source row. */
  secondRow: 4,
  /** i32: weight (0..256) of the second row. */
  weight: 8,
} as const;

/** Reads past the end of a source row or plane stay inside memory. */
export const PAD = 64;
/** Output rows computed per step (even, for the chroma rows): the kernel holds this band of a frame, not all of it. */
export const BAND_ROWS = 64;

export const alignUp = (value: number, to: number) => Math.ceil(value / to) * to;

/** Where the tables and buffers of one pair of sizes lie in kernel memory. */
export type Layout = {
  /** Per plane: the block table, the row table, the output band. */
  blocks: number[];
  rows: number[];
  band: number[];
  /** One vertically blended source row. */
  row: number;
  /** The source picture. */
  source: number;
  /** The first free byte after them (a loaded overlay goes there). */
  end: number;
  sourceLength: number;
  outLength: number;
  sourceWidth: number;
  outWidth: number;
};

export const NO_LAYOUT: Layout = { blocks: [0, 0, 0], rows: [0, 0, 0], band: [0, 0, 0], row: 0, source: 0, end: 0, sourceLength: -1, outLength: -1, sourceWidth: -1, outWidth: -1 };

/** Places the tables and buffers for frames of `target`'s size drawn from a picture of `source`'s size. */
export function placeTables(source: FrameSize, target: FrameSize): Layout {
  const sourceLength = yuvSize(source.width, source.height);
  const outLength = yuvSize(target.width, target.height);
  const targetPlanes = planesOf(target);
  const widths = targetPlanes.map((plane) => plane.width);
  const heights = targetPlanes.map((plane) => plane.height);
  let at = 0;
  const place = (length: number) => {
    const start = at;
    at = alignUp(at + length + PAD, PAD);
    return start;
  };
  const blocks = widths.map((width) => place(Math.ceil(width / 16) * BLOCK.bytes));
  const rows = heights.map((height) => place(height * ROW.bytes));
  const row = place(source.width + PAD);
  const sourceAt = place(sourceLength);
  // Band buffers back to back: a row's spill lands in the next one, or in the padding after the last.
  const band = widths.map((width, p) => place(width * (p === 0 ? BAND_ROWS : BAND_ROWS / 2)));
  return { blocks, rows, band, row, source: sourceAt, end: at, sourceLength, outLength, sourceWidth: source.width, outWidth: target.width };
}
