import { buttonClass } from "./controls";
import type { EditorSlide } from "./editor-model";

/**
 * Something the editor tells the customer: read out by screen readers, and
 * a limit (photos beyond 100) also shown on the page; a removed photo can be
 * put back.
 */
export type Notice =
  | { kind: "status"; text: string }
  | { kind: "limit"; text: string }
  | { kind: "removed"; text: string; slide: EditorSlide; index: number };

/** The notice: read out by screen readers; a limit also shown; a removal with its Undo. */
export function EditorNotice({ notice, onUndo }: { notice: Notice | null; onUndo: () => void }) {
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {notice?.text}
      </p>
      {notice?.kind === "limit" && (
        <p className="mb-4 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="limit-notice">
          {notice.text}
        </p>
      )}
      {notice?.kind === "removed" && (
        <div className="mb-4 flex items-center gap-3 rounded-xl border border-stone-200 bg-white px-4 py-2 text-sm text-stone-800 shadow-sm" data-testid="removed-notice">
          <span className="flex-1">{notice.text}</span>
          <button type="button" data-undo-remove className={buttonClass.secondary} onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </>
  );
}
