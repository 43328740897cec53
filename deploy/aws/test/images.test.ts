import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDALONE_ASSETS, STANDALONE_DIR, STANDALONE_SERVER, webServerProcess } from "../../../scripts/web-server-process";
import { workerStartCommand } from "../../../worker/start-command.mjs";
import { MIGRATE_COMMAND, REPO_ROOT } from "../lib/reelmaker-stack";

// The images cannot be built here (no base image can be pulled), so what they
// run is checked against what runs outside a container: the web image starts
// the standalone server `npm start` starts (which the e2e suite builds and
// serves from), the worker image runs worker/package.json's start command.

type Stage = { from: string; workdir: string; user?: string; env: Record<string, string>; copies: { from?: string; src: string; dest: string }[]; cmd?: string[] };

/** The stages of a Dockerfile: enough of the syntax for ours (one instruction a line, `\` continuations, exec-form CMD). */
function parseDockerfile(file: string): Stage[] {
  const lines = readFileSync(path.join(REPO_ROOT, file), "utf8").replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, instruction, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const stage = stages.at(-1);
    switch (instruction) {
      case "FROM":
        stages.push({ from: rest.split(/\s+/)[0], workdir: "/", env: {}, copies: [] });
        break;
      case "WORKDIR":
        stage!.workdir = path.posix.resolve(stage!.workdir, rest);
        break;
      case "USER":
        stage!.user = rest;
        break;
      case "ENV":
        for (const [, key, value] of rest.matchAll(/(\w+)=(\S+)/g)) stage!.env[key] = value;
        break;
      case "COPY": {
        const words = rest.split(/\s+/);
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const [src, dest] = words.filter((w) => !w.startsWith("--"));
        stage!.copies.push({ from, src, dest: path.posix.resolve(stage!.workdir, dest) });
        break;
      }
      case "CMD":
        stage!.cmd = JSON.parse(rest) as string[];
        break;
    }
  }
  return stages;
}

/** What `npm start -w worker` runs (worker/start-command.mjs, from worker/runtime.json), in an environment without malloc settings. */
function parseWorkerStart() {
  return workerStartCommand({});
}

describe("Dockerfile.web", () => {
  const stages = parseDockerfile("Dockerfile.web");
  const final = stages.at(-1)!;

  it("is multi-stage and runs as a non-root user", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.user).toBe("node");
  });

  it("starts the standalone server `npm start` starts, with the static assets beside it where the server looks", () => {
    const local = webServerProcess({ port: 3000, host: "0.0.0.0", root: "/repo" });
    // Locally: node <root>/.next/standalone/web-server.mjs in that folder. In the image: node web-server.mjs
    // in the folder the standalone output was copied to.
    expect(local.args).toEqual([path.join("/repo", STANDALONE_DIR, STANDALONE_SERVER)]);
    expect(final.cmd).toEqual(["node", STANDALONE_SERVER]);
    const standalone = final.copies.find((c) => c.src === `/app/${STANDALONE_DIR}`);
    expect(standalone?.dest).toBe(final.workdir);
    for (const [from, to] of STANDALONE_ASSETS) {
      expect(final.copies).toContainEqual(expect.objectContaining({ src: `/app/${from}`, dest: path.posix.join(final.workdir, to) }));
    }
    // The server reads its address from PORT and HOSTNAME, as launch.ts passes them.
    expect(Object.keys(local.env).sort()).toEqual(["HOSTNAME", "PORT"]);
    expect(final.env).toMatchObject({ HOSTNAME: "0.0.0.0", PORT: "3000", NODE_ENV: "production" });
  });

  it("builds with the standalone output next.config.ts asks for", () => {
    expect(readFileSync(path.join(REPO_ROOT, "next.config.ts"), "utf8")).toMatch(/output:\s*"standalone"/);
    expect(stages[0].from).toBe(final.from);
  });
});

describe("Dockerfile.worker", () => {
  const stages = parseDockerfile("Dockerfile.worker");
  const final = stages.at(-1)!;
  const start = parseWorkerStart();

  it("is multi-stage and runs as a non-root user, with ffmpeg", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.user).toBe("node");
    expect(readFileSync(path.join(REPO_ROOT, "Dockerfile.worker"), "utf8")).toMatch(/apt-get install[^\n]*\bffmpeg\b/);
  });

  it("runs the command `npm start -w worker` runs, in the worker's folder, with its malloc settings", () => {
    expect(start.argv[0]).toBe("node");
    expect(start.argv).not.toContain("--conditions=react-server");
    expect(final.cmd).toEqual(start.argv);
    expect(final.workdir).toBe("/app/worker");
    expect(Object.keys(start.env).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(start.env)) expect(final.env[key]).toBe(value);
  });

  it("holds everything the worker and the migration command load", () => {
    // A file copied into a folder (`COPY …/package.json ./`) keeps its name.
    const copied = final.copies.map((c) => path.posix.relative("/app", c.dest) || path.posix.basename(c.src));
    for (const needed of ["node_modules", "lib", "worker", "prisma", "scripts", "public/fonts", "package.json"]) expect(copied).toContain(needed);
    // The migration task runs in this image from /app/worker.
    const script = MIGRATE_COMMAND.at(-1)!;
    expect(existsSync(path.resolve(REPO_ROOT, "worker", script))).toBe(true);
    expect(MIGRATE_COMMAND).not.toContain("--conditions=react-server");
  });
});

describe(".dockerignore", () => {
  it("keeps dependencies, builds, local data and secrets out of the build context", () => {
    const ignored = readFileSync(path.join(REPO_ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const entry of ["**/node_modules", ".next", ".data", ".git", ".env*", "deploy/aws/cdk.out"]) expect(ignored).toContain(entry);
  });
});
