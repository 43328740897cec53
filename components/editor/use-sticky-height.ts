"use client";

import { useCallback } from "react";

// On a phone the preview sticks to the top of the screen while the customer
// edits below it (story-editor). Its height, kept in a CSS variable on
// <html>, is the scroll padding globals.css keeps at the top, so a focused
// or scrolled-to control never ends up under it.

export const STICKY_HEIGHT_VAR = "--editor-sticky-height";

/** A ref callback for the sticky element. */
export function useStickyHeight() {
  return useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty(STICKY_HEIGHT_VAR, `${element.getBoundingClientRect().height}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty(STICKY_HEIGHT_VAR);
    };
  }, []);
}
