// The "blur" fit (the whole photo over a blurred, darkened copy of itself
// cropped to fill the frame), one set of numbers for the renderer (worker
// prepare-still.ts, with sharp) and the editor preview (a canvas filter).

/** The blurred copy is made this many times smaller, blurred, then enlarged. */
export const BLUR_REDUCTION = 16;
/** The blur's sigma, in pixels of the reduced copy. */
export const BLUR_SIGMA = 2.5;
/** The blurred copy is darkened a little so the photo stands out. */
export const BLUR_BRIGHTNESS = 0.8;

/**
 * The same blur as a CSS/canvas `blur()` radius in frame pixels: the sigma
 * scaled back up by the reduction (about 40 px).
 */
export const BLUR_FRAME_PX = BLUR_REDUCTION * BLUR_SIGMA;
