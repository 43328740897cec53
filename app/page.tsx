import { StoryEditor } from "@/components/editor/story-editor";

export default function HomePage() {
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Turn your photos into a video</h1>
        <p className="max-w-2xl text-stone-600">
          Add the photos of your wedding, holiday or birthday, write a caption on each, put them in order, and we
          make an MP4 with soft crossfades that you can watch and download.
        </p>
      </section>
      <StoryEditor />
    </div>
  );
}
