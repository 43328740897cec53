import { beforeEach, describe, expect, it, vi } from "vitest";

// acceptCheckedVersion alone, with storage and the database mocked: the
// ways a staging object can change between its check and its copy, which
// the real stack cannot stage on demand (S3 honours CopySourceIfMatch; the
// local emulator ignores it).

const storage = vi.hoisted(() => ({
  copyObjectIfMatch: vi.fn(),
  readObject: vi.fn(),
  deleteObject: vi.fn(),
  headObject: vi.fn(),
  stagingKey: (session: string, id: string) => `incoming/${session}/${id}`,
}));
const update = vi.hoisted(() => vi.fn());
vi.mock("../../platform/storage", () => storage);
vi.mock("../../platform/db", () => ({ getDb: () => ({ asset: { updateMany: update } }) }));

const { acceptCheckedVersion } = await import("./complete-upload");

const asset = { id: "a1", sessionId: "s1", key: "uploads/s1/a1", size: 4, contentType: "image/png" };
const checked = Uint8Array.from([1, 2, 3, 4]);
const input = { asset, staging: "incoming/s1/a1", etag: '"abc"', bytes: checked };

beforeEach(() => {
  vi.resetAllMocks();
  storage.deleteObject.mockResolvedValue(undefined);
  update.mockResolvedValue({});
});

describe("acceptCheckedVersion", () => {
  it("copies the checked version, named by its ETag, and accepts a copy with the same ETag", async () => {
    storage.copyObjectIfMatch.mockResolvedValue('"abc"');
    await acceptCheckedVersion(input);
    expect(storage.copyObjectIfMatch).toHaveBeenCalledWith({ from: "incoming/s1/a1", to: "uploads/s1/a1", etag: '"abc"' });
    expect(storage.readObject).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
  });

  it("refuses the upload when S3 says the staging object changed (412)", async () => {
    storage.copyObjectIfMatch.mockRejectedValue(Object.assign(new Error("PreconditionFailed"), { $metadata: { httpStatusCode: 412 } }));
    await expect(acceptCheckedVersion(input)).rejects.toMatchObject({ code: "invalid_image", message: /replaced while it was being checked/ });
    expect(update).toHaveBeenCalledWith({ where: { id: "a1", status: "pending" }, data: { status: "rejected", error: expect.stringMatching(/replaced/) } });
  });

  it("reads the copy back when its ETag differs (a store ignoring the condition, or SSE-KMS), and refuses other bytes", async () => {
    storage.copyObjectIfMatch.mockResolvedValue('"other"');
    storage.readObject.mockResolvedValue({ bytes: Uint8Array.from([9, 9, 9, 9]), etag: '"other"' });
    await expect(acceptCheckedVersion(input)).rejects.toMatchObject({ code: "invalid_image" });
    // The accepted copy of the unchecked bytes is removed.
    expect(storage.deleteObject).toHaveBeenCalledWith("uploads/s1/a1");
  });

  it("accepts a copy whose ETag differs but whose bytes are the checked ones", async () => {
    storage.copyObjectIfMatch.mockResolvedValue('"kms-etag"');
    storage.readObject.mockResolvedValue({ bytes: Uint8Array.from(checked), etag: '"kms-etag"' });
    await acceptCheckedVersion(input);
    expect(storage.readObject).toHaveBeenCalledWith("uploads/s1/a1", 5);
    expect(storage.deleteObject).not.toHaveBeenCalled();
  });

  it("lets any other storage error through (transient: the customer may complete again)", async () => {
    storage.copyObjectIfMatch.mockRejectedValue(Object.assign(new Error("SlowDown"), { $metadata: { httpStatusCode: 503 } }));
    await expect(acceptCheckedVersion(input)).rejects.toThrow("SlowDown");
    expect(update).not.toHaveBeenCalled();
  });
});
