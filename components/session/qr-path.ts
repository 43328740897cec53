import QRCode from "qrcode";

// A QR code as one SVG path of unit squares (a 4-module quiet zone around
// it), drawn by React as an element: no innerHTML, no data: URL, nothing a
// Content-Security-Policy has to allow.

export type QrShape = { size: number; path: string };

/** The path of the dark modules of a size×size matrix (row-major, 1 = dark), offset by the quiet zone. Pure. */
export function toQrPath(size: number, isDark: (row: number, column: number) => boolean, margin = 4): QrShape {
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (isDark(row, column)) parts.push(`M${column + margin} ${row + margin}h1v1h-1z`);
    }
  }
  return { size: size + 2 * margin, path: parts.join("") };
}

/** The QR code of `text` (error correction M: a phone reads it off a screen at an angle). */
export function makeQrShape(text: string): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return toQrPath(modules.size, (row, column) => Boolean(modules.get(row, column)));
}
