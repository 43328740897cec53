/**
 * Polls `probe` until it returns something truthy and returns that; on
 * timeout throws, naming `what` and (if given) the state `explain` reports.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; explain?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  const state = options.explain ? `; ${await options.explain().catch(() => "state unknown")}` : "";
  throw new Error(`timed out waiting for ${what}${state}`);
}
