"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import type { CopyOrderResponse } from "@/lib/contracts/draft";
import type { OrderStatus } from "@/lib/contracts/order";

// Actions on one video, on its page and in My videos: open a copy of its
// story in the editor (a new version; the video itself stays), and delete it.

async function readError(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return body?.error?.message ?? fallback;
}

/** The session's draft is replaced by a copy of this order's story, then the editor opens. */
export function useEditCopy(input: { orderId: string; hasDraft: boolean }) {
  const router = useRouter();
  const [isCopying, setIsCopying] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  async function editCopy() {
    if (input.hasDraft && !globalThis.confirm("This replaces the story you are editing now. Open a copy of this video's story instead?")) return;
    setIsCopying(true);
    setCopyError(null);
    try {
      const response = await fetch(`/api/orders/${input.orderId}/copy`, { method: "POST" });
      if (!response.ok) throw new Error(await readError(response, "The story could not be copied."));
      router.push(((await response.json()) as CopyOrderResponse).editorUrl);
    } catch (error: unknown) {
      setCopyError(error instanceof Error ? error.message : "The story could not be copied.");
      setIsCopying(false);
    }
  }
  return { editCopy, isCopying, copyError };
}

export function EditCopyButton(props: { orderId: string; hasDraft: boolean; className: string; label?: string; ariaLabel?: string }) {
  const { editCopy, isCopying, copyError } = useEditCopy(props);
  return (
    <>
      <button type="button" className={props.className} onClick={() => void editCopy()} disabled={isCopying} aria-label={props.ariaLabel}>
        {isCopying ? "Opening the editor…" : (props.label ?? "Edit a copy")}
      </button>
      {copyError && (
        <p role="alert" className="w-full text-sm text-red-800">
          {copyError}
        </p>
      )}
    </>
  );
}

/** Deletes the video after the customer confirms (one still being made is stopped first). */
export function DeleteVideoButton(props: { orderId: string; status: OrderStatus; className: string; ariaLabel?: string; onDeleted: () => void }) {
  const [isDeleting, setIsDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  async function remove() {
    const isRunning = props.status === "queued" || props.status === "rendering";
    const question = isRunning
      ? "This video is still being made. Stop it and delete it? This cannot be undone."
      : "Delete this video? Its file, its share link and photos no other video or story uses are removed. This cannot be undone.";
    if (!globalThis.confirm(question)) return;
    setIsDeleting(true);
    setDeleteError(null);
    try {
      const response = await fetch(`/api/orders/${props.orderId}`, { method: "DELETE" });
      if (!response.ok) throw new Error(await readError(response, "The video could not be deleted."));
      props.onDeleted();
    } catch (error: unknown) {
      setDeleteError(error instanceof Error ? error.message : "The video could not be deleted.");
      setIsDeleting(false);
    }
  }
  return (
    <>
      <button type="button" className={props.className} onClick={() => void remove()} disabled={isDeleting} aria-label={props.ariaLabel}>
        {isDeleting ? "Deleting…" : "Delete"}
      </button>
      {deleteError && (
        <p role="alert" className="w-full text-sm text-red-800">
          {deleteError}
        </p>
      )}
    </>
  );
}
