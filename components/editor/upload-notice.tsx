"use client";

import type { SummaryLine } from "./upload-summary";

// The uploads summed up above the photos ("2 photos waiting for the
// connection", "1 photo refused: …"), shown only while something needs
// saying. Screen readers hear it from a live region that is always there
// (one added with its text is not always read out).

export function UploadNotice(props: { lines: SummaryLine[] }) {
  const { lines } = props;
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {lines.map((line) => line.text).join(" ")}
      </p>
      {lines.length > 0 && (
        <ul data-testid="upload-summary" aria-hidden="true" className="space-y-1.5">
          {lines.map((line) => (
            <li
              key={line.text}
              data-tone={line.tone}
              className={`rounded-xl border px-3 py-2 text-sm ${
                line.tone === "waiting" ? "border-amber-200 bg-amber-50 text-amber-900" : "border-red-200 bg-red-50 text-red-800"
              }`}
            >
              {line.text}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
