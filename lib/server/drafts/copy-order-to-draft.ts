import "server-only";
import { z } from "zod";
import {
  DEFAULT_DRAFT_TITLE_CARD,
  draftSchema,
  draftSlideSchema,
  draftTitleCardSchema,
  type CopyOrderResponse,
  type Draft,
} from "../../contracts/draft";
import { storySpecSchema, type StorySpec } from "../../contracts/story-spec";
import { getDb, type Order } from "../../platform/db";
import { log } from "../../platform/log";
import { AppError } from "../errors/app-error";
import { findOwnOrder } from "../orders/get-order";
import { saveDraft } from "./save-draft";

// "Edit a copy" (and "Try again" on an order whose photo could not be read):
// the order's frozen story becomes the session's draft, the order itself is
// left as it is. A session has one draft, so this replaces the story being
// edited; the pages ask first when there is one.

// Spec and draft share their field names; fields the draft does not know are
// dropped (z.object strips), so a spec field added later either carries over
// by name or is simply left out, never an error.
const looseSlide = z.object(draftSlideSchema.shape);
const looseDraft = z.object(draftSchema.shape);
const looseTitleCard = z.object(draftTitleCardSchema.shape);

type AssetInfo = { filename: string; width: number | null; height: number | null };

/** The draft an order's story makes, with the photo that could not be read flagged. Pure. */
export function toDraftFromSpec(input: {
  spec: StorySpec;
  assets: ReadonlyMap<string, AssetInfo>;
  failedAssetId: string | null;
}): { draft: Draft; unreadablePhoto: number | null } {
  const { spec, assets, failedAssetId } = input;
  let unreadablePhoto: number | null = null;
  const slides = spec.slides.map((slide, index) => {
    const asset = assets.get(slide.assetId);
    // Every slide showing the unreadable file is flagged (one file may be used twice).
    const isUnreadable = failedAssetId !== null && slide.assetId === failedAssetId;
    if (isUnreadable) unreadablePhoto ??= index + 1;
    return looseSlide.parse({
      ...slide,
      name: asset?.filename ?? `Photo ${index + 1}`,
      width: asset?.width ?? undefined,
      height: asset?.height ?? undefined,
      caption: slide.caption ?? "",
      ...(isUnreadable ? { unreadable: true } : {}),
    });
  });
  const music = spec.music
    ? { assetId: spec.music.assetId, name: assets.get(spec.music.assetId)?.filename ?? "Music", ...(spec.music.startMs ? { startMs: spec.music.startMs } : {}) }
    : null;
  const titleCard = spec.titleCard
    ? looseTitleCard.parse({ ...DEFAULT_DRAFT_TITLE_CARD, ...spec.titleCard, enabled: true, subtitle: spec.titleCard.subtitle ?? "" })
    : { ...DEFAULT_DRAFT_TITLE_CARD };
  const draft = looseDraft.parse({ ...spec, title: spec.title ?? "", titleCard, music, slides });
  return { draft, unreadablePhoto };
}

/** Makes this session's order's story the session's draft (replacing the draft); the order is not changed. */
export async function copyOrderToDraft(input: { sessionId: string; orderId: string }): Promise<CopyOrderResponse> {
  const order: Order = await findOwnOrder(input);
  const parsed = storySpecSchema.safeParse(order.spec);
  if (!parsed.success) throw new AppError("conflict", "This video's story cannot be opened in the editor");
  const spec = parsed.data;
  const ids = [...new Set([...spec.slides.map((slide) => slide.assetId), ...(spec.music ? [spec.music.assetId] : [])])];
  const rows = await getDb().asset.findMany({
    where: { id: { in: ids }, sessionId: input.sessionId },
    select: { id: true, filename: true, width: true, height: true },
  });
  const { draft, unreadablePhoto } = toDraftFromSpec({
    spec,
    assets: new Map(rows.map((row) => [row.id, row])),
    failedAssetId: order.status === "failed" ? order.failedAssetId : null,
  });
  await saveDraft({ sessionId: input.sessionId, body: draft });
  log.info({ orderId: order.id, photos: draft.slides.length, unreadablePhoto }, "draft.copied_from_order");
  return { editorUrl: "/editor", photos: draft.slides.length, unreadablePhoto };
}
