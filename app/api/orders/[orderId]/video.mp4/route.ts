import { orderMediaRoute } from "@/lib/server/orders/media-routes";

export const GET = orderMediaRoute("video");
