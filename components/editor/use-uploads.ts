"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { createUploadQueue } from "./upload-queue";
import { uploadFile } from "./upload-file";

// The editor's uploads (upload-queue: photos and music, retried by
// themselves after a failure), told when the browser goes offline and comes
// back; `isOnline` for the summary.

export type { UploadJob } from "./upload-queue";

function subscribeOnline(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

export function useUploads() {
  const [queue] = useState(() => createUploadQueue({ send: uploadFile, isOnline: () => navigator.onLine }));
  const isOnline = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );

  useEffect(() => {
    const onOnline = () => queue.handleOnline();
    const onOffline = () => queue.handleOffline();
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      // Leaving the editor: nothing may keep uploading into a page that is gone.
      queue.cancelAll();
    };
  }, [queue]);

  return { start: queue.start, retry: queue.retry, cancel: queue.cancel, cancelAll: queue.cancelAll, isOnline };
}
export type Uploads = ReturnType<typeof useUploads>;
