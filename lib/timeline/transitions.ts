import type { Transition } from "../contracts/story-spec";

// What each transition looks like, as two layers drawn bottom then top.
// The preview draws these layers on a canvas and the renderer draws the
// same layers into its frames (worker/src/render/draw-transition.ts;
// golden-frame tests compare a midpoint).

export type TransitionLayer = {
  clip: "outgoing" | "incoming";
  opacity: number;
  /** Horizontal shift in fractions of the frame width (negative: to the left). */
  translateX: number;
  /** Zoom about the frame centre. */
  scale: number;
  /** When set, the layer is drawn only where x < clipRight × width. */
  clipRight?: number;
};

const layer = (clip: TransitionLayer["clip"], overrides: Partial<TransitionLayer> = {}): TransitionLayer => ({
  clip,
  opacity: 1,
  translateX: 0,
  scale: 1,
  ...overrides,
});

/** The outgoing zoom grows to this factor by the end of a zoom transition. */
export const ZOOM_TRANSITION_SCALE = 1.5;

/**
 * Layers at transition progress p (0 = all outgoing, 1 = all incoming):
 * - crossfade: outgoing·(1−p) + incoming·p
 * - slide: both pushed left; the incoming enters from the right edge
 * - wipe: the incoming is revealed from the left edge, a hard edge at x = p·width
 * - zoom: the outgoing zooms in about the centre while fading into the incoming
 */
export function transitionLayers(style: Exclude<Transition, "none">, p: number): [TransitionLayer, TransitionLayer] {
  const progress = Math.min(1, Math.max(0, p));
  switch (style) {
    case "crossfade":
      return [layer("outgoing"), layer("incoming", { opacity: progress })];
    case "slide":
      return [layer("outgoing", { translateX: 0 - progress }), layer("incoming", { translateX: 1 - progress })];
    case "wipe":
      return [layer("outgoing"), layer("incoming", { clipRight: progress })];
    case "zoom":
      return [layer("outgoing", { scale: 1 + (ZOOM_TRANSITION_SCALE - 1) * progress }), layer("incoming", { opacity: progress })];
  }
}

/** A whole even number of pixels (so yuv420p's half-size chroma planes stay aligned with luma). */
const toEven = (value: number) => 2 * Math.round(value / 2);

/**
 * Where a layer lands in a frame `width` pixels wide: its shift and the
 * right edge of what shows (clipRight), in whole even pixels. The renderer
 * copies rows at exactly these columns (draw-transition.ts) and the preview
 * draws at them (draw-frame.ts), so a slide's seam or a wipe's edge is at the
 * same column in both.
 */
export function layerPixels(layer: TransitionLayer, width: number): { shift: number; right: number } {
  return {
    shift: toEven(layer.translateX * width),
    right: layer.clipRight === undefined ? width : toEven(Math.min(1, Math.max(0, layer.clipRight)) * width),
  };
}
