import { sharedMediaRoute } from "@/lib/server/orders/media-routes";

export const GET = sharedMediaRoute("download");
