import "server-only";
import { storySpecSchema } from "../../contracts/story-spec";
import type { Order } from "../../platform/db";

/**
 * The downloaded file's name, readable and safe on every system: "Maya's 30th 🎂"
 * → "Mayas-30th.mp4". Case is kept, accents are dropped, apostrophes join
 * their word, any other run of characters becomes one dash; falls back to the
 * order id.
 */
export function getDownloadName(title: string | null | undefined, orderId: string): string {
  const slug = (title ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['\u2019\u02bc`]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return `${slug || `reelmaker-${orderId.slice(0, 8).toLowerCase()}`}.mp4`;
}

export function getOrderTitle(order: Pick<Order, "spec">): string | null {
  const parsed = storySpecSchema.safeParse(order.spec);
  return parsed.success ? (parsed.data.title ?? null) : null;
}
