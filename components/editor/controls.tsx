"use client";

import { useId, type ReactNode } from "react";

// Small form controls shared by the editor's panels: native inputs (so the
// keyboard and screen readers work as everywhere), styled.

export const focusRing = "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

export function Panel(props: { title: string; children: ReactNode; id?: string; action?: ReactNode; className?: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} id={props.id} className={`rounded-2xl border border-stone-200 bg-white p-4 shadow-sm ${props.className ?? ""}`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
        <h2 id={headingId} className="whitespace-nowrap text-base font-semibold text-stone-900">
          {props.title}
        </h2>
        {props.action}
      </div>
      <div className="space-y-4">{props.children}</div>
    </section>
  );
}

/** A row of radio buttons that looks like a segmented control (arrow keys move within it). */
export function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: ReactNode; title?: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-stone-800">{props.legend}</legend>
      <div className="flex flex-wrap gap-1 rounded-xl bg-stone-100 p-1">
        {props.options.map((option) => (
          <label
            key={option.value}
            title={option.title}
            className="relative flex min-w-0 flex-1 cursor-pointer items-center justify-center rounded-lg px-2.5 py-1.5 text-center text-sm text-stone-700 has-[:checked]:bg-white has-[:checked]:font-semibold has-[:checked]:text-stone-900 has-[:checked]:shadow-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600"
          >
            <input
              type="radio"
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
              className="absolute inset-0 h-full w-full cursor-pointer appearance-none rounded-lg opacity-0"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ColorField(props: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="color"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        className={`h-9 w-12 cursor-pointer rounded-lg border border-stone-300 bg-white p-1 ${focusRing}`}
      />
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        {props.label}
      </label>
    </div>
  );
}

export function Toggle(props: { label: string; description?: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  const descriptionId = useId();
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={props.checked}
        aria-describedby={props.description ? descriptionId : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
        className={`peer mt-0.5 h-5 w-9 flex-none cursor-pointer appearance-none rounded-full bg-stone-300 transition-colors before:block before:h-4 before:w-4 before:translate-x-0.5 before:translate-y-0.5 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-rose-700 checked:before:translate-x-[18px] ${focusRing}`}
      />
      <div>
        <label htmlFor={id} className="cursor-pointer text-sm font-medium text-stone-800">
          {props.label}
        </label>
        {props.description && (
          <p id={descriptionId} className="text-xs text-stone-600">
            {props.description}
          </p>
        )}
      </div>
    </div>
  );
}

export function DurationField(props: { label: string; valueMs: number; onChange: (ms: number) => void }) {
  const id = useId();
  const seconds = props.valueMs / 1000;
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between">
        <label htmlFor={id} className="text-sm font-medium text-stone-800">
          {props.label}
        </label>
        <output htmlFor={id} className="text-sm tabular-nums text-stone-700">
          {seconds.toFixed(1)} s
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={1}
        max={10}
        step={0.5}
        value={seconds}
        aria-valuetext={`${seconds} seconds`}
        onChange={(event) => props.onChange(Math.round(Number(event.target.value) * 1000))}
        className={`w-full accent-rose-700 ${focusRing}`}
      />
    </div>
  );
}

/** A one-line text field with its label (any script: dir="auto"), and an optional hint under it. */
export function TextField(props: { label: ReactNode; value: string; maxLength: number; placeholder: string; hint?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-stone-800">
        {props.label}
      </label>
      <input
        id={id}
        dir="auto"
        value={props.value}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
        className={textInputClass}
      />
      {props.hint && <p className="mt-1 text-xs text-stone-600">{props.hint}</p>}
    </div>
  );
}

/** A text field or text area of the editor. */
export const textInputClass =
  "w-full rounded-xl border border-stone-300 px-3 py-2 text-base placeholder:text-stone-500 focus:border-rose-600 focus:outline-none focus:ring-2 focus:ring-rose-600/40";

export const buttonClass = {
  primary: `inline-flex items-center justify-center gap-2 rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 disabled:cursor-not-allowed disabled:bg-stone-300 disabled:text-stone-600 disabled:shadow-none ${focusRing}`,
  secondary: `inline-flex items-center justify-center gap-2 rounded-xl border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:cursor-not-allowed disabled:opacity-50 ${focusRing}`,
  quiet: `inline-flex items-center justify-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-stone-700 hover:bg-stone-100 ${focusRing}`,
  danger: `inline-flex items-center justify-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50 ${focusRing}`,
};
