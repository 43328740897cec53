import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { redirectToSigned } from "@/lib/server/orders/get-order-media";
import { getSharedMediaUrl } from "@/lib/server/share/get-shared-video";

export async function GET(_request: Request, context: RouteContext<"/api/share/[token]/download">) {
  try {
    const { token } = await context.params;
    return redirectToSigned(await getSharedMediaUrl({ token, media: "download" }));
  } catch (error: unknown) {
    return handleApiError(error, { route: "share.download" });
  }
}
