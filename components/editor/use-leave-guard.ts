"use client";

import { useEffect } from "react";

// Asks before the customer leaves the editor while something would be lost
// (uploads not finished: their files live only in this page). A reload,
// closing the tab or a link to another site gets the browser's own
// "Leave site?" (beforeunload); a link inside Reelmaker is a client-side
// navigation that never fires beforeunload, so its click asks first.

/** While `message` is set, leaving the page asks first; null lets the customer go freely. */
export function useLeaveGuard(message: string | null) {
  useEffect(() => {
    if (!message) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set (none shows this text any more).
      event.returnValue = message;
    };
    // Capture phase on the document: before Next's <Link> (a React handler on the root) navigates.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
      const to = new URL(link.href, window.location.href);
      // Another site unloads the page (beforeunload asks); a link within this page loses nothing.
      if (to.origin !== window.location.origin || to.pathname === window.location.pathname) return;
      if (window.confirm(`${message} Leave anyway?`)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [message]);
}
