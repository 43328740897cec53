import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tsProcess } from "./ts-process";

describe("tsProcess", () => {
  it("is one Node process with tsx's loader, so a busy process still gets to handle SIGTERM", async () => {
    const { command, args } = tsProcess("scripts/fixtures/busy-until-sigterm.ts");
    expect(command).toBe(process.execPath);
    const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string>((resolve) => child.once("close", (code, signal) => resolve(code ?? signal ?? -1)));
    const deadline = Date.now() + 15_000;
    while (!output.includes("ready") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toContain("ready");
    await new Promise((resolve) => setTimeout(resolve, 300)); // mid busy stretch
    process.kill(-child.pid!, "SIGTERM"); // the whole group, as a container stop does
    expect(await exited).toBe(0);
    expect(output).toContain("handled SIGTERM");
  }, 20_000);
});
