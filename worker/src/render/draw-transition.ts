import { layerPixels, type TransitionLayer } from "../../../lib/timeline";
import type { KernelPool } from "./pixels/kernel-pool";
import { bytesOf, fillBlack } from "./pixels/reference";
import { createYuv, planesOf, type YuvImage } from "./yuv";

// A transition frame, drawn from the layers lib/timeline/transitions.ts
// lists for it (transitionLayers): the editor preview draws the same layers
// on a canvas. Whole-frame work (zooming, blending) goes to the kernels.

/**
 * Draws a transition's layers (transitionLayers) in order into `target`,
 * over black, except when the first layer covers the whole frame opaquely
 * (crossfade, wipe, zoom): then the black would only be overwritten.
 */
export function drawLayers(kernels: KernelPool, target: YuvImage, layers: readonly TransitionLayer[], frameOf: (layer: TransitionLayer) => YuvImage): void {
  const first = layers[0];
  const coversFrame = first !== undefined && first.opacity >= 1 && first.translateX === 0 && first.clipRight === undefined && first.scale >= 1;
  if (!coversFrame) fillBlack(target);
  for (const layer of layers) drawLayer(kernels, target, frameOf(layer), layer);
}

/**
 * Draws one transition layer (see transitionLayers) over `target`: the
 * clip's frame zoomed about the centre by `scale`, shifted by translateX
 * frame widths, kept only left of clipRight, blended at `opacity`. Shifts and
 * edges are whole even pixels (layerPixels, which the preview draws at too).
 */
export function drawLayer(kernels: KernelPool, target: YuvImage, clipFrame: YuvImage, layer: TransitionLayer): void {
  const alpha = Math.round(Math.min(1, Math.max(0, layer.opacity)) * 256);
  if (alpha <= 0) return;
  const { shift, right } = layerPixels(layer, target.width);
  const isWhole = shift === 0 && right >= target.width;
  const zoom = { scale: layer.scale, x: 0.5, y: 0.5 };
  if (layer.scale !== 1 && alpha >= 256 && isWhole) {
    kernels.resampleWindow(clipFrame, target, zoom); // straight into the frame
    return;
  }
  let source = clipFrame;
  if (layer.scale !== 1) {
    source = createYuv(target.width, target.height);
    kernels.resampleWindow(clipFrame, source, zoom);
  }
  if (isWhole) {
    if (alpha >= 256) target.data.set(source.data);
    else kernels.blendWhole(target.data, source.data, alpha);
    return;
  }
  const s = bytesOf(source.data);
  const d = bytesOf(target.data);
  const planes = planesOf(target);
  for (let p = 0; p < 3; p += 1) {
    const plane = planes[p];
    const factor = p === 0 ? 1 : 2;
    const dx = shift / factor;
    const from = Math.max(0, dx);
    const to = Math.min(plane.width, plane.width + dx, right / factor);
    if (to <= from) continue;
    for (let y = 0; y < plane.height; y += 1) {
      const row = plane.offset + y * plane.width;
      if (alpha >= 256) {
        d.set(s.subarray(row + from - dx, row + to - dx), row + from);
        continue;
      }
      for (let x = from; x < to; x += 1) {
        const under = d[row + x];
        d[row + x] = under + (((s[row + x - dx] - under) * alpha + 128) >> 8);
      }
    }
  }
}
