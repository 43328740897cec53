import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDuration } from "@/components/orders/format";
import { AppError } from "@/lib/server/errors/app-error";
import { getSharedVideo } from "@/lib/server/share/get-shared-video";

export const metadata: Metadata = { title: "A video made with Reelmaker", robots: { index: false, follow: false } };

export default async function SharedVideoPage(props: PageProps<"/share/[token]">) {
  const { token } = await props.params;
  const video = await getSharedVideo({ token }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wider text-rose-700">Shared with you</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl" dir="auto">
          {video.title ?? "A video made with Reelmaker"}
        </h1>
      </div>
      <video
        controls
        playsInline
        preload="metadata"
        poster={video.posterUrl}
        src={video.videoUrl}
        aria-label={video.title ?? "Shared video"}
        className="max-h-[75vh] w-full rounded-2xl bg-black shadow-sm"
      />
      <div className="flex flex-wrap items-center gap-3">
        <a
          href={video.downloadUrl}
          className="inline-flex items-center rounded-xl bg-rose-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-rose-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
        >
          Download video
        </a>
        {video.durationMs !== null && <span className="text-sm text-stone-700">{formatDuration(video.durationMs)} · MP4</span>}
      </div>
      <div className="rounded-2xl border border-stone-200 bg-white p-4 text-sm text-stone-700">
        Made with Reelmaker: turn your own photos into a video in a few minutes.{" "}
        <Link href="/" className="font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
          Make yours
        </Link>
      </div>
    </div>
  );
}
