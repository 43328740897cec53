import { log } from "../../lib/platform/log";

// ECS task scale-in protection, set by the worker on itself while it renders,
// so that scaling in (or a deploy) stops idle workers and never one in the
// middle of a video. ECS gives every task's containers ECS_AGENT_URI; outside
// ECS (locally, in tests) there is no agent and this does nothing.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection-endpoint.html

export type TaskProtection = { set(isProtected: boolean): Promise<void> };

export const NO_TASK_PROTECTION: TaskProtection = { set: async () => undefined };

/**
 * The agent endpoint's protection for this task, or none outside ECS.
 * `expiresInMinutes` (WORKER_PROTECTION_MINUTES, default 60) bounds a render
 * that hangs; each new order sets it afresh. A failure to set it is logged,
 * not thrown: the render goes on, only unprotected.
 */
export function createTaskProtection(input: { agentUri?: string; expiresInMinutes?: number; timeoutMs?: number } = {}): TaskProtection {
  const { agentUri, expiresInMinutes = 60, timeoutMs = 5000 } = input;
  if (!agentUri) return NO_TASK_PROTECTION;
  return {
    async set(isProtected) {
      const body = isProtected ? { ProtectionEnabled: true, ExpiresInMinutes: expiresInMinutes } : { ProtectionEnabled: false };
      try {
        const response = await fetch(`${agentUri}/task-protection/v1/state`, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The agent answers 200 with {"protection": …} or {"error": …}.
        const answer = (await response.json().catch(() => ({}))) as { error?: { Code?: string; Message?: string } };
        if (!response.ok || answer.error) throw new Error(`${response.status} ${answer.error?.Code ?? ""} ${answer.error?.Message ?? ""}`.trim());
      } catch (error: unknown) {
        log.warn({ err: error, isProtected }, "worker.task_protection_failed");
      }
    },
  };
}
