import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { redirectToSigned } from "@/lib/server/orders/get-order-media";
import { getSharedMediaUrl } from "@/lib/server/share/get-shared-video";

export async function GET(_request: Request, context: RouteContext<"/api/share/[token]/poster.jpg">) {
  try {
    const { token } = await context.params;
    return redirectToSigned(await getSharedMediaUrl({ token, media: "poster" }));
  } catch (error: unknown) {
    return handleApiError(error, { route: "share.poster" });
  }
}
