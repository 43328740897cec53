import { spawn, type ChildProcess } from "node:child_process";
import { readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROOT } from "../../scripts/local-stack";
import { getOrder, makePhoto, newSession, placeOrder, uploadPhoto, type Session } from "../../scripts/fleet/site-client";
import { probeVideo } from "../support/media";

// The real launcher (`npm start`, scripts/launch.ts) with WORKERS=auto, min
// 0, max 2, on its own ports and data folder: the Encode Master scales a
// burst 0 → 2 and back to 0 without cutting a render; a worker SIGKILLed
// mid-render is replaced within seconds while the site keeps answering, and
// its order ends done once; a killed web process comes back; SIGTERM stops
// it all and leaves nothing running. Short cooldowns and leases keep it quick.

const base = Number(process.env.IT_LAUNCHER_PORT ?? Number(process.env.IT_PG_PORT ?? 55433) + 10);
const WEB = `http://127.0.0.1:${base}`;
const dataDir = path.join(ROOT, ".data", `${process.env.IT_NAME ?? "test-integration"}-launcher`);

let launcher: ChildProcess;
let output = "";
let exited: Promise<number | string>;
let session: Session;
let photos: string[];

/** Launcher lines "NAME started (pid N)…" in order. */
function startedLines(name: RegExp) {
  return [...output.matchAll(/\[reelmaker\] (web|worker \d+) started \(pid (\d+)\)(, restart (\d+))?/g)]
    .filter((m) => name.test(m[1]))
    .map((m) => ({ name: m[1], pid: Number(m[2]), restart: Number(m[4] ?? 0), at: m.index }));
}

/** The launcher's fleet.scaled decisions so far. */
function scaled(): { from: number; to: number; visible: number; inFlight: number; time: number }[] {
  return output
    .split("\n")
    .filter((line) => line.includes('"msg":"fleet.scaled"'))
    .map((line) => JSON.parse(line));
}

const activeWorkers = () => {
  const decisions = scaled();
  return decisions.length ? decisions.at(-1)!.to : 0;
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const explain = async () => `launcher output (tail): ${output.slice(-4000)}`;

beforeAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  launcher = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(base),
      PG_PORT: String(base + 1),
      EMU_S3_PORT: String(base + 2),
      EMU_SQS_PORT: String(base + 3),
      REELMAKER_DATA_DIR: dataDir,
      ADMIN_PASSWORD: "fleet-test-admin",
      LOG_LEVEL: "info",
      WORKERS: "auto",
      WORKERS_MIN: "0",
      WORKERS_MAX: "2",
      FLEET_INTERVAL_SECONDS: "0.5",
      FLEET_SCALE_OUT_COOLDOWN_SECONDS: "1",
      FLEET_SCALE_IN_COOLDOWN_SECONDS: "4",
      FLEET_TARGET_WAIT_SECONDS: "10",
      // A killed worker's message is offered again after 6 s, not 60.
      WORKER_VISIBILITY_SECONDS: "6",
      WORKER_WAIT_SECONDS: "1",
      DATABASE_URL: "",
      S3_BUCKET: "",
      SQS_QUEUE_URL: "",
    },
  });
  launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => launcher.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  // The first start in a fresh clone builds the web app (next build).
  await vi.waitFor(async () => {
    if (!(await fetch(`${WEB}/api/health`).then((r) => r.ok, () => false))) throw new Error(`timed out waiting for the launcher's web app; ${await explain()}`);
  }, { timeout: 280_000, interval: 200 });
  session = await newSession(WEB);
  photos = [await uploadPhoto(session, await makePhoto(1, 800, 600)), await uploadPhoto(session, await makePhoto(2, 800, 600))];
}, 300_000);

afterAll(async () => {
  if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
    launcher.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 40_000))]);
    if (launcher.exitCode === null) launcher.kill("SIGKILL");
  }
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("npm start with WORKERS=auto (min 0, max 2)", () => {
  it("starts no worker while the queue is empty", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(startedLines(/^worker/)).toEqual([]);
  });

  it("scales a burst 0 → 2 within seconds, renders every order once, and returns to 0 after the cooldown", async () => {
    const spec = { resolution: "720p", transition: "none", slides: photos.map((assetId) => ({ assetId, durationMs: 1000 })) };
    const placedAt = Date.now();
    const orderIds = await Promise.all(Array.from({ length: 4 }, (_, i) => placeOrder(session, spec, `burst-${i}`)));
    await vi.waitFor(async () => {
      if (activeWorkers() !== 2) throw new Error(`timed out waiting for two workers; ${await explain()}`);
    }, { timeout: 15_000, interval: 200 });
    expect(Date.now() - placedAt).toBeLessThan(15_000);
    expect(scaled()[0]).toMatchObject({ from: 0, visible: expect.any(Number) });

    const orders = await vi.waitFor(async () => {
      const all = await Promise.all(orderIds.map((id) => getOrder(session, id)));
      if (!all.every((o) => o.status === "done" || o.status === "failed")) throw new Error(`timed out waiting for every burst order to finish; ${await explain()}`);
      return all;
    }, { timeout: 120_000, interval: 200 });
    // attempts 1: no render was cut by a scale-in.
    expect(orders.map((o) => [o.status, o.attempts])).toEqual(orderIds.map(() => ["done", 1]));
    expect(startedLines(/^worker/).length).toBe(2);

    await vi.waitFor(async () => {
      if (activeWorkers() !== 0) throw new Error(`timed out waiting for the fleet back at 0; ${await explain()}`);
    }, { timeout: 30_000, interval: 200 });
    const workerPids = startedLines(/^worker/).map((w) => w.pid);
    await vi.waitFor(async () => {
      if (!workerPids.every((pid) => !isAlive(pid))) throw new Error(`timed out waiting for the retired workers to exit; ${await explain()}`);
    }, { timeout: 20_000, interval: 200 });
    expect(output).not.toMatch(/worker \d+ exited/); // retired, not crashed
  }, 180_000);

  it("replaces a worker SIGKILLed mid-render within seconds while the site keeps answering; the order ends done once with a valid MP4", async () => {
    const spec = { resolution: "720p", transition: "crossfade", slides: photos.map((assetId) => ({ assetId, durationMs: 7000, kenBurns: true })) };
    const orderId = await placeOrder(session, spec, "kill-mid-render");
    // The site is asked every 250 ms from now until the order is done.
    const failures: string[] = [];
    let answered = 0;
    let isPolling = true;
    const poller = (async () => {
      while (isPolling) {
        const response = await fetch(`${WEB}/api/orders/${orderId}`, { headers: { cookie: session.cookie } }).catch((error: unknown) => error as Error);
        if (response instanceof Error) failures.push(response.message);
        else if (response.status !== 200) failures.push(`status ${response.status}`);
        else answered += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    try {
      await vi.waitFor(async () => {
        const order = await getOrder(session, orderId);
        if (!(order.status === "rendering" && order.progress > 0)) throw new Error(`timed out waiting for the render under way; ${await explain()}`);
      }, { timeout: 60_000, interval: 200 });
      const workers = startedLines(/^worker/);
      const victim = workers.at(-1)!;
      const startsBefore = workers.length;
      const killedAt = Date.now();
      process.kill(victim.pid, "SIGKILL");

      const replacement = await vi.waitFor(async () => {
        const latest = startedLines(/^worker/).length > startsBefore && startedLines(/^worker/).at(-1);
        if (!latest) throw new Error(`timed out waiting for a replacement worker; ${await explain()}`);
        return latest;
      }, { timeout: 15_000, interval: 200 });
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      expect(replacement).toMatchObject({ name: victim.name, restart: 1 });
      expect(output).toMatch(new RegExp(`${victim.name} exited \\(SIGKILL\\)`));

      const order = await vi.waitFor(async () => {
        const view = await getOrder(session, orderId);
        if (!(view.status === "done" || view.status === "failed")) throw new Error(`timed out waiting for the order to finish; ${await explain()}`);
        return view;
      }, { timeout: 120_000, interval: 200 });
      expect(order).toMatchObject({ status: "done", attempts: 2 });
      // The worker logs it after writing done and deleting the message: wait for the line, then make sure it is the only one.
      const doneLines = () => output.split("\n").filter((line) => line.includes('"msg":"worker.message_done"') && line.includes(orderId));
      await vi.waitFor(() => expect(doneLines().length).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
      expect(doneLines()).toHaveLength(1);
      // The killed worker could not remove its temp folder: its replacement did, at start (worker/src/job-folder.ts).
      expect((await readdir(os.tmpdir())).filter((name) => name.startsWith(`reelmaker-${orderId}-`))).toEqual([]);

      const file = path.join(os.tmpdir(), `fleet-${process.pid}-${orderId}.mp4`);
      // An app URL that redirects to a freshly signed storage URL (fetch follows it).
      const video = await fetch(new URL(order.downloadUrl!, WEB), { headers: { cookie: session.cookie } });
      expect(video.status).toBe(200);
      await writeFile(file, new Uint8Array(await video.arrayBuffer()));
      try {
        const probe = await probeVideo(file);
        expect(probe).toMatchObject({ codec: "h264", width: 1280, height: 720 });
        expect(probe.durationSec).toBeCloseTo(13.5, 0);
      } finally {
        await rm(file, { force: true });
      }
    } finally {
      isPolling = false;
      await poller;
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(10);
  }, 240_000);

  it("restarts a killed web process; the workers are untouched", async () => {
    const web = startedLines(/^web$/).at(-1)!;
    const workerCrashes = () => (output.match(/\[reelmaker\] worker \d+ exited/g) ?? []).length;
    const crashesBefore = workerCrashes();
    const workerStarts = startedLines(/^worker/).length;
    process.kill(web.pid, "SIGKILL");
    await vi.waitFor(async () => {
      if (!(startedLines(/^web$/).length > 1)) throw new Error(`timed out waiting for the web restarted; ${await explain()}`);
    }, { timeout: 10_000, interval: 200 });
    await vi.waitFor(async () => {
      if (!(await fetch(`${WEB}/api/health`).then((r) => r.ok, () => false))) throw new Error(`timed out waiting for the site answering again; ${await explain()}`);
    }, { timeout: 30_000, interval: 200 });
    expect(output).toMatch(/\[reelmaker\] web exited \(SIGKILL\)/);
    expect(startedLines(/^web$/).at(-1)).toMatchObject({ restart: 1 });
    // No worker crashed or was restarted because of it (one may retire meanwhile: that is the fleet scaling in).
    expect(workerCrashes()).toBe(crashesBefore);
    expect(startedLines(/^worker/).length).toBe(workerStarts);
    const orderId = await placeOrder(session, { resolution: "720p", slides: [{ assetId: photos[0], durationMs: 1000 }] }, "after-web-restart");
    expect((await getOrder(session, orderId)).status).toMatch(/^(queued|rendering|done)$/);
  }, 60_000);

  it("stops everything on SIGTERM and leaves no process behind", async () => {
    const pids = [...startedLines(/./).map((p) => p.pid)];
    launcher.kill("SIGTERM");
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("timeout"), 45_000))])).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(await fetch(`${WEB}/api/health`).then(() => "answered", () => "closed")).toBe("closed");
  }, 60_000);
});
