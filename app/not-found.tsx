import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">Nothing here</h1>
      <p className="text-stone-700">This page does not exist, or it belongs to someone else.</p>
      <Link href="/" className="inline-block font-semibold text-rose-700 underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
        Go to the home page
      </Link>
    </div>
  );
}
