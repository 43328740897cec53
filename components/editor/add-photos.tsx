"use client";

import { useRef } from "react";
import { MAX_SLIDES } from "@/lib/contracts/story-spec";
import { buttonClass } from "./controls";

// Adding photos: the big empty-story tile, or the dashed tile at the end of
// the list (in the story's shape); and the overlay while files are dragged
// over the page (use-file-drop).

export function AddPhotos(props: { isEmpty: boolean; isFull: boolean; onFiles: (files: File[]) => void; aspectClass: string }) {
  const input = useRef<HTMLInputElement>(null);
  const field = (
    <input
      ref={input}
      type="file"
      accept="image/jpeg,image/png,image/webp"
      multiple
      disabled={props.isFull}
      className="sr-only"
      onChange={(event) => {
        props.onFiles(Array.from(event.target.files ?? []));
        if (input.current) input.current.value = "";
      }}
    />
  );
  if (props.isEmpty) {
    return (
      <div data-add-photos className="flex flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed border-stone-300 bg-stone-50 px-6 py-12 text-center">
        <svg aria-hidden="true" viewBox="0 0 48 48" className="h-12 w-12 text-rose-700" fill="none" stroke="currentColor" strokeWidth="2.5">
          <rect x="6" y="10" width="36" height="28" rx="4" />
          <circle cx="17" cy="20" r="3.5" />
          <path d="M6 32l10-9 8 7 6-5 12 10" strokeLinejoin="round" />
        </svg>
        <p className="text-lg font-semibold text-stone-900">
          {/* Dropping needs a mouse (a fine pointer), whatever the screen's width. */}
          <span className="pointer-fine:hidden">Add the photos of your story</span>
          <span className="hidden pointer-fine:inline">Drop your photos anywhere on this page</span>
        </p>
        <p className="text-sm text-stone-600">JPEG, PNG or WebP, up to 25 MB each, up to {MAX_SLIDES} photos.</p>
        <label className={`${buttonClass.primary} cursor-pointer has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600 has-[:focus-visible]:ring-offset-2`}>
          Add photos
          {field}
        </label>
      </div>
    );
  }
  return (
    <label
      data-add-photos
      // The story's shape, like the thumbnails beside it.
      className={`flex ${props.aspectClass} h-auto w-full cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed border-stone-300 bg-stone-50 text-sm font-semibold text-stone-700 hover:border-rose-600 hover:text-rose-700 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600 has-[:focus-visible]:ring-offset-2`}
    >
      <span aria-hidden="true" className="text-2xl leading-none">
        +
      </span>
      Add photos
      <span className="hidden text-xs font-normal text-stone-600 pointer-fine:inline">or drop them here</span>
      {field}
    </label>
  );
}

export function DropOverlay() {
  return (
    <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-rose-900/30 p-6 backdrop-blur-[2px]">
      <div className="rounded-3xl border-4 border-dashed border-white bg-rose-700/90 px-10 py-8 text-center text-white shadow-2xl">
        <p className="text-2xl font-bold">Drop your photos</p>
        <p className="mt-1 text-rose-50">They join the end of your story. A song becomes its music.</p>
      </div>
    </div>
  );
}
