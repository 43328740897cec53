import { describe, expect, it } from "vitest";
import { transitionLayers } from "./transitions";

describe("transitionLayers", () => {
  it.each(["crossfade", "slide", "wipe", "zoom"] as const)("%s starts as the outgoing clip and ends as the incoming one", (style) => {
    const [bottomStart, topStart] = transitionLayers(style, 0);
    const [, topEnd] = transitionLayers(style, 1);
    expect(bottomStart).toMatchObject({ clip: "outgoing", translateX: 0, scale: 1, opacity: 1 });
    // At p = 0 the incoming layer is invisible, at p = 1 it covers the frame unchanged.
    const hidden = topStart.opacity === 0 || topStart.translateX >= 1 || topStart.clipRight === 0;
    expect(hidden).toBe(true);
    expect(topEnd).toMatchObject({ clip: "incoming", opacity: 1, translateX: 0, scale: 1 });
    expect(topEnd.clipRight ?? 1).toBe(1);
  });

  it("describes the midpoint of each style", () => {
    expect(transitionLayers("crossfade", 0.5)[1].opacity).toBe(0.5);
    expect(transitionLayers("slide", 0.5).map((l) => l.translateX)).toEqual([-0.5, 0.5]);
    expect(transitionLayers("wipe", 0.5)[1].clipRight).toBe(0.5);
    expect(transitionLayers("zoom", 0.5)[0].scale).toBe(1.25);
    expect(transitionLayers("zoom", 0.5)[1].opacity).toBe(0.5);
  });

  it("clamps progress", () => {
    expect(transitionLayers("crossfade", 2)[1].opacity).toBe(1);
    expect(transitionLayers("crossfade", -1)[1].opacity).toBe(0);
  });
});
