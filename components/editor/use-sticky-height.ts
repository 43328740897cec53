"use client";

import { useCallback } from "react";

// On a phone the preview sticks to the top of the screen while the customer
// edits below it (story-editor). While it is stuck, its height is the
// page's top scroll padding, so a focused or scrolled-to control (the
// photo's settings when a photo is picked) never ends up under it.

/** A ref callback for the element that may be sticky (position: sticky comes from its classes). */
export function useStickyHeight() {
  return useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const root = document.documentElement;
    const update = () => {
      const isSticky = getComputedStyle(element).position === "sticky";
      root.style.scrollPaddingTop = isSticky ? `${Math.ceil(element.getBoundingClientRect().height) + 8}px` : "";
    };
    // Its size changes when it becomes sticky (a smaller preview) and with the story's shape.
    const observer = new ResizeObserver(update);
    observer.observe(element);
    window.addEventListener("resize", update);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", update);
      root.style.scrollPaddingTop = "";
    };
  }, []);
}
