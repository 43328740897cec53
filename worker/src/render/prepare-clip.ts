import { focusInPicture, isCentred, kenBurnsMotionFor, kenBurnsPictureSize, type FrameSize, type KenBurnsMotion, type TimelineClip } from "../../../lib/timeline";
import type { ClipKernels, MovingPicture } from "./pixels/kernel-pool";
import { blackFrame, compositeOverlay } from "./pixels/reference";
import { prepareStill, readPhotoSize } from "./prepare-still";
import type { RenderResources } from "./render-resources";
import type { YuvImage } from "./yuv";

// One clip of the timeline made ready to produce frames: its photo decoded
// at the size it is drawn at, its caption (or title card) drawn. Ahead of
// the clip on screen (story-frames.ts), so decoding overlaps encoding.

/** A clip ready to produce frames. */
export type PreparedClip =
  /** Frame-sized with its caption drawn in: every frame of the clip is this very picture. */
  | { kind: "still"; picture: YuvImage; frames: number }
  /**
   * Ken Burns: the photo alone, larger than the frame, and its caption, fixed
   * in the frame while the photo moves; each frame is a window of it, along
   * `motion` (the clip's plan aimed at its focus point: kenBurnsMotionFor).
   */
  | { kind: "moving"; motion: KenBurnsMotion; picture: MovingPicture; frames: number };

/** The size a Ken Burns photo is prepared at (lib/timeline: the preview's fitted picture has it too). */
export { kenBurnsPictureSize };

export async function prepareClip(input: {
  clip: TimelineClip;
  photos: string[];
  size: FrameSize;
  /** The render's kernels: a Ken Burns clip's picture is loaded into one of them. */
  clipKernels: ClipKernels;
  resources: Pick<RenderResources, "captions">;
}): Promise<PreparedClip> {
  const { clip, photos, size } = input;
  const { captions } = input.resources;
  if (clip.kind === "title") {
    const firstPhoto = photos[0];
    const picture = clip.assetId && firstPhoto ? await prepareStill({ photo: firstPhoto, fit: clip.fit, focus: clip.focus, size }) : blackFrame(size.width, size.height);
    compositeOverlay(picture, captions.title(clip.card, size));
    return { kind: "still", picture, frames: clip.frames };
  }
  const photo = photos[clip.slideIndex];
  if (!photo) throw new Error(`no photo for slide ${clip.slideIndex}`);
  const overlay = captions.caption(clip.caption, clip.captionStyle, size);
  const { fit, focus } = clip;
  if (clip.kenBurns) {
    const pictureSize = kenBurnsPictureSize(size);
    // Where the focus lands in the picture depends on the photo's shape: read from its header only when it is off the middle.
    const photoSize = isCentred(focus) ? undefined : await readPhotoSize(photo);
    const motion = kenBurnsMotionFor(clip.kenBurns, photoSize ? focusInPicture({ photo: photoSize, frame: size, fit, focus }) : undefined);
    // Converted straight into the kernel that will draw its frames, so no
    // 4 MB copy (1080p) is made and left for the garbage collector.
    const key = {};
    const into = () => input.clipKernels.pictureSpace({ picture: pictureSize, frame: size, key });
    const picture = await prepareStill({ photo, fit, focus, photoSize, size: pictureSize, into });
    return { kind: "moving", motion, picture: input.clipKernels.load({ source: picture, frame: size, key, overlay }), frames: clip.frames };
  }
  const picture = await prepareStill({ photo, fit, focus, size });
  if (overlay) compositeOverlay(picture, overlay);
  return { kind: "still", picture, frames: clip.frames };
}
