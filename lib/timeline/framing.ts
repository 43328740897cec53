// Which part of a photo a frame shows: the crop that fills the frame
// ("cover"), where the whole photo sits over its blurred copy ("blur"), and
// where the slide's focus point lands in the fitted picture (the Ken Burns
// motion aims there, kenBurnsMotionFor). One set of numbers for the editor
// preview (components/editor/draw-frame.ts, a canvas) and the renderer
// (worker/src/render/prepare-still.ts, sharp; pixels/reference.ts samples
// the same windows): both draw every clip as a frame-sized picture cut out
// of the photo by these rectangles, never beyond them.

/** A size in pixels. */
export type PictureSize = { width: number; height: number };
/** A point in fractions of a picture's width and height, (0, 0) its top left. */
export type Point = { x: number; y: number };
/** A rectangle in fractions of a picture's width and height. */
export type FractionRect = { x: number; y: number; width: number; height: number };

/** The middle of a photo: the default focus point (and what a frame showed before focus points). */
export const CENTRE: Point = { x: 0.5, y: 0.5 };

/** Whether a focus point is the middle, exactly: then every crop is the centred one of before. */
export const isCentred = (focus: Point): boolean => focus.x === 0.5 && focus.y === 0.5;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The frame's shape over the photo's: above 1 the frame is wider. */
const shapeRatio = (photo: PictureSize, frame: PictureSize) => frame.width / frame.height / (photo.width / photo.height);

/**
 * The part of `photo` a frame of `frame`'s shape shows when the photo
 * fills it: as large as the photo allows, centred on `focus`, moved back
 * inside the photo where the focus is near an edge (fractions of the photo).
 */
export function coverCrop(photo: PictureSize, frame: PictureSize, focus: Point = CENTRE): FractionRect {
  const ratio = shapeRatio(photo, frame);
  const width = Math.min(1, ratio);
  const height = Math.min(1, 1 / ratio);
  return { x: clamp(focus.x - width / 2, 0, 1 - width), y: clamp(focus.y - height / 2, 0, 1 - height), width, height };
}

/** Where the whole photo sits in the frame for the "blur" fit: as large as fits, centred (fractions of the frame). */
export function containRect(photo: PictureSize, frame: PictureSize): FractionRect {
  const ratio = shapeRatio(photo, frame);
  const width = Math.min(1, 1 / ratio);
  const height = Math.min(1, ratio);
  return { x: (1 - width) / 2, y: (1 - height) / 2, width, height };
}

/** Where a photo's focus point lands in its fitted picture (the frame-shaped picture before any zoom), in fractions of it. */
export function focusInPicture(input: { photo: PictureSize; frame: PictureSize; fit: "cover" | "blur"; focus: Point }): Point {
  const { photo, frame, fit, focus } = input;
  if (isCentred(focus)) return CENTRE;
  const rect = fit === "cover" ? coverCrop(photo, frame, focus) : containRect(photo, frame);
  if (fit === "cover") return { x: (focus.x - rect.x) / rect.width, y: (focus.y - rect.y) / rect.height };
  return { x: rect.x + focus.x * rect.width, y: rect.y + focus.y * rect.height };
}

/** A zoom window: 1/scale of a picture's size, centred at (x, y) in fractions of it (kenBurnsAt, the zoom transition). */
export type ZoomWindow = { scale: number; x: number; y: number };

/** The rectangle a zoom window shows, in fractions of the picture. */
export function windowRect(window: ZoomWindow): FractionRect {
  const size = 1 / window.scale;
  return { x: window.x - size / 2, y: window.y - size / 2, width: size, height: size };
}

/** The same rectangle in pixels of a picture of `size` (fractional: canvas and resampling both take sub-pixel positions). */
export function rectInPixels(rect: FractionRect, size: PictureSize): { x: number; y: number; width: number; height: number } {
  return { x: rect.x * size.width, y: rect.y * size.height, width: rect.width * size.width, height: rect.height * size.height };
}

/** How far a window's centre may move from the middle at a zoom without leaving the picture. */
export function windowRoom(scale: number): number {
  return 0.5 - 0.5 / scale;
}

/** A window centre moved back where the window at `scale` stays inside the picture. */
export function keepWindowInside(point: Point, scale: number): Point {
  const room = windowRoom(scale);
  return { x: clamp(point.x, 0.5 - room, 0.5 + room), y: clamp(point.y, 0.5 - room, 0.5 + room) };
}

/**
 * The cover crop in whole pixels, as the renderer cuts it: the photo resized
 * to cover the frame (`resize`), then the frame's size taken at (left, top).
 */
export function coverCropInPixels(photo: PictureSize, frame: PictureSize, focus: Point): { resize: PictureSize; left: number; top: number } {
  const scale = Math.max(frame.width / photo.width, frame.height / photo.height);
  const resize = { width: Math.max(frame.width, Math.round(photo.width * scale)), height: Math.max(frame.height, Math.round(photo.height * scale)) };
  const crop = coverCrop(photo, frame, focus);
  return {
    resize,
    left: clamp(Math.round(crop.x * resize.width), 0, resize.width - frame.width),
    top: clamp(Math.round(crop.y * resize.height), 0, resize.height - frame.height),
  };
}
