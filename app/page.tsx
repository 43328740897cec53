import Link from "next/link";
import { getDraftSummary } from "@/lib/server/drafts/get-draft-summary";
import { getSessionId } from "@/lib/server/session/get-session";

const STEPS = [
  { title: "Add your photos", text: "Drop up to 100 photos on the page. They upload while you work." },
  { title: "Tell the story", text: "Put them in order, write captions in any language, add a title and your music." },
  { title: "Get your video", text: "Watch it being made, then download the MP4 or send a link." },
];

const cta =
  "inline-flex items-center justify-center rounded-xl px-6 py-3 text-base font-semibold focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2";

export default async function HomePage() {
  const draft = await getDraftSummary({ sessionId: await getSessionId() });
  return (
    <div className="grid items-center gap-10 py-2 lg:grid-cols-[1.1fr_1fr] lg:py-8">
      <section className="space-y-6">
        <p className="text-sm font-semibold uppercase tracking-wider text-rose-700">Photos in, video out</p>
        <h1 className="text-4xl font-bold leading-tight tracking-tight text-stone-900 sm:text-5xl">Turn your photos into a video</h1>
        <p className="max-w-xl text-lg text-stone-700">
          A wedding, a holiday, a birthday: add your photos, write a few words on each, and Reelmaker makes a video with smooth transitions and
          your music, ready to keep and share. No account, no app to install.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/editor" className={`${cta} bg-rose-700 text-white shadow-sm hover:bg-rose-800`}>
            {draft ? "Continue your story" : "Start a new story"}
          </Link>
          <Link href="/videos" className={`${cta} border border-stone-300 bg-white text-stone-800 hover:bg-stone-100`}>
            My videos
          </Link>
        </div>
        {draft && (
          <p className="text-sm text-stone-600">
            Your story with {draft.photos === 1 ? "1 photo" : `${draft.photos} photos`} is saved and waiting for you.
          </p>
        )}
      </section>
      <ol className="grid gap-3" aria-label="How it works">
        {STEPS.map((step, index) => (
          <li key={step.title} className="flex gap-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
            <span
              aria-hidden="true"
              className="flex h-10 w-10 flex-none items-center justify-center rounded-full bg-rose-100 text-lg font-bold text-rose-800"
            >
              {index + 1}
            </span>
            <div>
              <h2 className="font-semibold text-stone-900">{step.title}</h2>
              <p className="text-sm text-stone-700">{step.text}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
