import "server-only";
import { customerRoute, publicRoute } from "../http/route";
import { getSharedMediaUrl } from "../share/get-shared-video";
import { getOrderMediaUrl, redirectToSigned, type OrderMedia } from "./get-order-media";

// The app URLs of an order's video, poster and download (ORDER_MEDIA_PATHS):
// each answers with a redirect to a freshly signed storage URL, so a link on
// a page however old works as long as the video exists. The owner's under
// /api/orders/{id}/…, anyone's with the share link under /api/share/{token}/….

/** GET /api/orders/{orderId}/<media>: the customer's own order. */
export const orderMediaRoute = (media: OrderMedia) =>
  customerRoute<{ orderId: string }>({ name: `orders.${media}`, notFound: "No such order" }, async ({ params, sessionId }) =>
    redirectToSigned(await getOrderMediaUrl({ sessionId, orderId: params.orderId, media })),
  );

/** GET /api/share/{token}/<media>: no session, the signed share token decides. */
export const sharedMediaRoute = (media: OrderMedia) =>
  publicRoute<{ token: string }>({ name: `share.${media}` }, async ({ params }) => redirectToSigned(await getSharedMediaUrl({ token: params.token, media })));
