import { z } from "zod";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageContentType = (typeof ACCEPTED_IMAGE_TYPES)[number];
/** Music for the video's soundtrack. */
export const ACCEPTED_AUDIO_TYPES = ["audio/mpeg", "audio/mp4", "audio/aac", "audio/wav", "audio/ogg", "audio/flac"] as const;
export type AudioContentType = (typeof ACCEPTED_AUDIO_TYPES)[number];
export type UploadContentType = ImageContentType | AudioContentType;
/** Larger images are refused by their header, before anything decodes them. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MIN_IMAGE_SIDE = 16;

/** Other names browsers and systems give the same audio formats. */
export const AUDIO_TYPE_ALIASES: Record<string, AudioContentType> = {
  "audio/mp3": "audio/mpeg",
  "audio/x-mp3": "audio/mpeg",
  "audio/x-mpeg": "audio/mpeg",
  "audio/m4a": "audio/mp4",
  "audio/x-m4a": "audio/mp4",
  "audio/aacp": "audio/aac",
  "audio/x-aac": "audio/aac",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/vnd.wave": "audio/wav",
  "audio/x-flac": "audio/flac",
  "application/ogg": "audio/ogg",
  "audio/vorbis": "audio/ogg",
  "audio/opus": "audio/ogg",
};

/** The canonical content type of a file's declared type (lower-cased, aliases resolved, parameters dropped). */
export function normalizeContentType(type: string): string {
  const bare = type.split(";")[0].trim().toLowerCase();
  return AUDIO_TYPE_ALIASES[bare] ?? bare;
}

export const isImageType = (type: string): type is ImageContentType => (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type);
export const isAudioType = (type: string): type is AudioContentType => (ACCEPTED_AUDIO_TYPES as readonly string[]).includes(type);

const UNSUPPORTED_TYPE = "Only JPEG, PNG and WebP photos, or MP3, M4A, AAC, WAV, OGG and FLAC music, can be uploaded";

export const createUploadSchema = z.strictObject({
  filename: z.string().trim().min(1, "filename is required").max(255, "filename is too long"),
  contentType: z
    .string({ error: UNSUPPORTED_TYPE })
    .max(100, UNSUPPORTED_TYPE)
    .transform(normalizeContentType)
    .pipe(z.enum([...ACCEPTED_IMAGE_TYPES, ...ACCEPTED_AUDIO_TYPES], { error: UNSUPPORTED_TYPE })),
  size: z
    .number()
    .int("size must be a whole number of bytes")
    .min(1, "The file is empty")
    .max(MAX_UPLOAD_BYTES, `A file can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`),
});

export type CreateUploadRequest = z.infer<typeof createUploadSchema>;

export type CreateUploadResponse = {
  assetId: string;
  uploadUrl: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
};

export type ImageAssetView = { id: string; status: "ready"; kind: "image"; width: number; height: number };
export type AudioAssetView = { id: string; status: "ready"; kind: "audio" };
export type AssetView = ImageAssetView | AudioAssetView;
