import { StoryEditor } from "@/components/editor/story-editor";

export const metadata = { title: "Your story — Reelmaker" };

export default function EditorPage() {
  return <StoryEditor />;
}
