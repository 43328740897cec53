import Link from "next/link";

export default function OrderNotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">This video is not here</h1>
      <p className="text-stone-700">It was deleted, or it was made in another browser. Videos made in this browser are in My videos.</p>
      <Link href="/videos" className="inline-block font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
        Go to My videos
      </Link>
    </div>
  );
}
