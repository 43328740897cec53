import Link from "next/link";

export default function SharedVideoNotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">This video is not available</h1>
      <p className="text-stone-700">Its owner may have deleted it, or the link is incomplete: ask them for the link again.</p>
      <Link href="/" className="inline-block font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
        Make your own video
      </Link>
    </div>
  );
}
