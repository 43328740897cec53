import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { STANDALONE_DIR, hasStandaloneServer, prepareStandalone, webServerProcess } from "./web-server-process";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function fakeBuild() {
  const root = mkdtempSync(path.join(os.tmpdir(), "web-server-"));
  roots.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write(".next/static/chunks/app.js", "new chunk");
  write("public/fonts/a.ttf", "font");
  write("scripts/web-server.mjs", "our server");
  write(`${STANDALONE_DIR}/server.js`, "server");
  write(`${STANDALONE_DIR}/.next/static/chunks/stale.js`, "from an older build");
  return root;
}

describe("prepareStandalone", () => {
  it("puts this build's static files and public/ beside the standalone server, dropping an older build's", () => {
    const root = fakeBuild();
    prepareStandalone(root);
    const standalone = path.join(root, STANDALONE_DIR);
    expect(readFileSync(path.join(standalone, ".next/static/chunks/app.js"), "utf8")).toBe("new chunk");
    expect(readFileSync(path.join(standalone, "public/fonts/a.ttf"), "utf8")).toBe("font");
    expect(existsSync(path.join(standalone, ".next/static/chunks/stale.js"))).toBe(false);
    expect(readFileSync(path.join(standalone, "web-server.mjs"), "utf8")).toBe("our server");
  });
});

describe("webServerProcess", () => {
  it("runs our web-server.mjs in the standalone folder on the given address, once next build wrote server.js", () => {
    const root = fakeBuild();
    expect(hasStandaloneServer(root)).toBe(true);
    const web = webServerProcess({ port: 3100, host: "127.0.0.1", root });
    expect(web).toEqual({
      command: process.execPath,
      args: [path.join(root, STANDALONE_DIR, "web-server.mjs")],
      cwd: path.join(root, STANDALONE_DIR),
      env: { PORT: "3100", HOSTNAME: "127.0.0.1" },
    });
    rmSync(path.join(root, STANDALONE_DIR, "server.js"));
    expect(hasStandaloneServer(root)).toBe(false);
  });
});
