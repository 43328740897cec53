import { z } from "zod";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageContentType = (typeof ACCEPTED_IMAGE_TYPES)[number];
/** Larger images are refused by their header, before anything decodes them. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MIN_IMAGE_SIDE = 16;

export const createUploadSchema = z.strictObject({
  filename: z.string().trim().min(1, "filename is required").max(255, "filename is too long"),
  contentType: z.enum(ACCEPTED_IMAGE_TYPES, {
    error: "Only JPEG, PNG and WebP photos can be uploaded",
  }),
  size: z
    .number()
    .int("size must be a whole number of bytes")
    .min(1, "The file is empty")
    .max(MAX_UPLOAD_BYTES, `A photo can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`),
});

export type CreateUploadRequest = z.infer<typeof createUploadSchema>;

export type CreateUploadResponse = {
  assetId: string;
  uploadUrl: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
};

export type AssetView = { id: string; status: "ready"; width: number; height: number };
