import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareStill, UnreadablePhotoError } from "./prepare-still";
import { createYuv } from "./yuv";

let dir: string;
let photo: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-prepare-still-"));
  photo = path.join(dir, "photo.jpg");
  await sharp({ create: { width: 320, height: 200, channels: 3, background: "#3366cc" } }).jpeg().toFile(photo);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("prepareStill", () => {
  const size = { width: 160, height: 90 };

  it("converts into the picture `into` gives, the same bytes as into a new one", async () => {
    const target = createYuv(size.width, size.height);
    const placed = await prepareStill({ photo, fit: "cover", size, into: () => target });
    expect(placed.data).toBe(target.data);
    const fresh = await prepareStill({ photo, fit: "cover", size });
    expect(placed.data.equals(fresh.data)).toBe(true);
  });

  it("reports a file that is not an image as an unreadable photo", async () => {
    const broken = path.join(dir, "broken.jpg");
    await writeFile(broken, "not a jpeg at all");
    await expect(prepareStill({ photo: broken, fit: "cover", size })).rejects.toBeInstanceOf(UnreadablePhotoError);
  });

  it("does not blame the photo when its picture cannot be placed (a failure of ours, retried, not a permanent one)", async () => {
    const failing = prepareStill({ photo, fit: "blur", size, into: () => { throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded"); } });
    await expect(failing).rejects.toBeInstanceOf(RangeError);
    await expect(prepareStill({ photo, fit: "cover", size, into: () => createYuv(2, 2) })).rejects.not.toBeInstanceOf(UnreadablePhotoError);
  });
});
