import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { formatDuration } from "@/components/orders/format";
import { ShareButton } from "@/components/orders/share-button";
import { AppError } from "@/lib/server/errors/app-error";
import { getSharedVideo } from "@/lib/server/share/get-shared-video";

const FALLBACK_TITLE = "A video made with Reelmaker";

/** One lookup per request for the page and its metadata; a bad, unfinished or deleted video's link is 404 (not-found.tsx). */
const loadVideo = cache(async (token: string) =>
  getSharedVideo({ token }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "gone")) notFound();
    throw error;
  }),
);

/** This site's origin as the visitor reached it: link previews need absolute URLs. */
async function getOrigin(): Promise<string> {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost";
  const proto = list.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

// The link preview a chat app or social site shows: the title, the poster
// and the video itself (all app URLs that stay valid as long as the video).
export async function generateMetadata(props: PageProps<"/share/[token]">): Promise<Metadata> {
  const { token } = await props.params;
  const video = await loadVideo(token);
  const title = video.title ?? FALLBACK_TITLE;
  const size = video.width && video.height ? { width: video.width, height: video.height } : {};
  const origin = await getOrigin();
  // Absolute here: Next.js resolves images against metadataBase, but not videos.
  const absolute = (path: string) => new URL(path, origin).toString();
  return {
    metadataBase: new URL(origin),
    title: `${title} · Reelmaker`,
    description: "A video made with Reelmaker. Watch it or download it.",
    robots: { index: false, follow: false },
    openGraph: {
      type: "video.other",
      title,
      description: "A video made with Reelmaker. Watch it or download it.",
      url: `/share/${token}`,
      siteName: "Reelmaker",
      images: [{ url: absolute(video.posterUrl), alt: title, ...size }],
      videos: [{ url: absolute(video.videoUrl), type: "video/mp4", ...size }],
    },
    twitter: { card: "summary_large_image", title, images: [absolute(video.posterUrl)] },
  };
}

export default async function SharedVideoPage(props: PageProps<"/share/[token]">) {
  const { token } = await props.params;
  const video = await loadVideo(token);
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wider text-rose-700">Shared with you</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl" dir="auto">
          {video.title ?? FALLBACK_TITLE}
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
        <ShareButton title={video.title ?? FALLBACK_TITLE} url={`/share/${token}`} />
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
