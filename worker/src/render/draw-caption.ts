import path from "node:path";
import { fileURLToPath } from "node:url";
import { GlobalFonts, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";

// Captions are drawn to a transparent PNG and composited onto the still, so
// caption text never reaches an ffmpeg argument. The font file is the one
// the editor preview uses (public/fonts), so both look the same.

const FONT_FAMILY = "Reelmaker Caption";
const FONT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../public/fonts/Geist-Bold.ttf");
let isFontRegistered = false;

function registerFont() {
  if (isFontRegistered) return;
  if (!GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY)) throw new Error(`Could not load font ${FONT_FILE}`);
  isFontRegistered = true;
}

/** Greedy word wrap; a word longer than the line is broken by characters. */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      let piece = "";
      for (const char of Array.from(word)) {
        if (measure(piece + char) > maxWidth && piece) {
          lines.push(piece);
          piece = "";
        }
        piece += char;
      }
      line = piece;
    }
    lines.push(line);
  }
  return lines;
}

export type CaptionLayout = { fontSize: number; lineHeight: number; maxLines: number; marginBottom: number };

export function getCaptionLayout(size: { width: number; height: number }): CaptionLayout {
  const short = Math.min(size.width, size.height);
  const fontSize = Math.round(short * 0.06);
  return { fontSize, lineHeight: Math.round(fontSize * 1.25), maxLines: 4, marginBottom: Math.round(short * 0.07) };
}

function drawBox(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.fill();
}

/** A transparent PNG of the frame's size with the caption at the bottom centre. */
export function drawCaption(text: string, size: { width: number; height: number }): Buffer {
  registerFont();
  const { width, height } = size;
  const layout = getCaptionLayout(size);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.font = `${layout.fontSize}px "${FONT_FAMILY}"`;
  const maxWidth = width * 0.84;
  let lines = wrapText(text.trim(), maxWidth, (s) => ctx.measureText(s).width);
  if (lines.length > layout.maxLines) {
    lines = lines.slice(0, layout.maxLines);
    lines[layout.maxLines - 1] = `${lines[layout.maxLines - 1].replace(/\s*\S?$/, "")}…`;
  }
  const padding = Math.round(layout.fontSize * 0.45);
  const blockHeight = lines.length * layout.lineHeight;
  const blockWidth = Math.max(...lines.map((line) => ctx.measureText(line).width));
  const top = height - layout.marginBottom - blockHeight;

  ctx.fillStyle = "rgba(0, 0, 0, 0.55)";
  drawBox(ctx, (width - blockWidth) / 2 - padding, top - padding, blockWidth + padding * 2, blockHeight + padding * 2, padding);

  ctx.fillStyle = "#ffffff";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  lines.forEach((line, i) => ctx.fillText(line, width / 2, top + layout.lineHeight * (i + 0.5)));
  return canvas.toBuffer("image/png");
}
