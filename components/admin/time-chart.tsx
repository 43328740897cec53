"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartSeries = { label: string; color: string; values: Array<number | null> };

/**
 * A time-series chart drawn by uPlot (canvas). Made once per mount and fed
 * new data on every poll (setData), resized with its box. The numbers are
 * also in the table beside each chart's figures, for screen readers.
 */
export function TimeChart({ title, times, series, unit }: { title: string; times: number[]; series: ChartSeries[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const data = [times, ...series.map((s) => s.values)] as uPlot.AlignedData;
  const latest = useRef(data);
  useEffect(() => {
    latest.current = data;
  });
  const shape = series.map((s) => `${s.label}:${s.color}`).join("|");

  useEffect(() => {
    let isMounted = true;
    let observer: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (!isMounted || !box.current) return;
      const width = box.current.clientWidth || 300;
      chart.current = new UPlot(
        {
          width,
          height: 180,
          series: [{}, ...shape.split("|").map((s) => {
            const [label, color] = s.split(":");
            // Points too: a render time alone in its bucket has no line to draw.
            return { label, stroke: color, width: 2, spanGaps: false, points: { show: true, size: 4 }, value: (_u: uPlot, v: number | null) => (v === null ? "—" : `${v} ${unit}`) };
          })],
          axes: [{}, { size: 50 }],
          scales: { y: { range: (_u, min, max) => [0, Math.max(1, max ?? min ?? 1)] } },
          legend: { live: true },
          // The rest of the console shows UTC.
          tzDate: (ts: number) => UPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        },
        latest.current,
        box.current,
      );
      observer = new ResizeObserver(() => {
        if (box.current && chart.current) chart.current.setSize({ width: box.current.clientWidth, height: 180 });
      });
      observer.observe(box.current);
    });
    return () => {
      isMounted = false;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape, unit]);

  useEffect(() => {
    chart.current?.setData(data);
  });

  return (
    <figure className="min-w-0 rounded-xl border border-stone-200 bg-white p-3 shadow-sm" data-testid="chart" data-points={times.length}
      data-sums={JSON.stringify(series.map((s) => Math.round(s.values.reduce<number>((sum, v) => sum + (v ?? 0), 0) * 100) / 100))}
    >
      <figcaption className="mb-1 text-sm font-semibold text-stone-800">{title} <span className="font-normal text-stone-600">(UTC)</span></figcaption>
      <div ref={box} className="w-full" role="img" aria-label={`${title}: ${series.map((s) => `${s.label} latest ${s.values.at(-1) ?? "none"} ${unit}`).join(", ")}`} />
    </figure>
  );
}
