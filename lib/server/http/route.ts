import "server-only";
import { ID_PATTERN } from "../../contracts/story-spec";
import { AppError } from "../errors/app-error";
import { handleApiError } from "../errors/handle-api-error";
import { getSessionId } from "../session/get-session";


type Context<Params> = { params: Promise<Params> };

type Handler<Params, Extra> = (input: { request: Request; params: Params } & Extra) => Promise<Response>;

type Options = {
  /** The route's name in logs, e.g. "orders.create". */
  name: string;
  /** The 404 message for a path id that cannot exist. */
  notFound?: string;
};

async function readParams<Params>(context: Context<Params> | undefined, notFound: string): Promise<Params> {
  const params = ((await context?.params) ?? {}) as Params;
  for (const value of Object.values(params as Record<string, unknown>)) {
    if (typeof value !== "string" || !ID_PATTERN.test(value)) throw new AppError("not_found", notFound);
  }
  return params;
}

/**
 * A customer route: the handler gets the session (proxy.ts has refused the
 * request if it had none), path ids already checked (anything that is not
 * an id is 404 before it reaches the database), and every exception goes
 * through handleApiError.
 */
export function customerRoute<Params = Record<string, never>>(options: Options, handler: Handler<Params, { sessionId: string }>) {
  return async (request: Request, context?: Context<Params>): Promise<Response> => {
    try {
      const params = await readParams(context, options.notFound ?? "Not found");
      return await handler({ request, params, sessionId: await getSessionId() });
    } catch (error: unknown) {
      return handleApiError(error, { route: options.name });
    }
  };
}

/** An admin route (proxy.ts checks the credential): path ids checked, errors handled. */
export function adminRoute<Params = Record<string, never>>(options: Options, handler: Handler<Params, object>) {
  return async (request: Request, context?: Context<Params>): Promise<Response> => {
    try {
      return await handler({ request, params: await readParams(context, options.notFound ?? "Not found") });
    } catch (error: unknown) {
      return handleApiError(error, { route: options.name });
    }
  };
}

/**
 * A route that needs no session (proxy.ts lets it through): the handler
 * checks its own credential, e.g. a share link's signed token. Errors are
 * handled; path parameters are the handler's to check.
 */
export function publicRoute<Params = Record<string, never>>(options: Omit<Options, "notFound">, handler: Handler<Params, object>) {
  return async (request: Request, context?: Context<Params>): Promise<Response> => {
    try {
      return await handler({ request, params: ((await context?.params) ?? {}) as Params });
    } catch (error: unknown) {
      return handleApiError(error, { route: options.name });
    }
  };
}
