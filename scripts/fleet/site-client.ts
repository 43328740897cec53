import sharp from "sharp";

// A customer of the public HTTP API, as a browser would be: a session
// cookie, photo uploads through presigned PUTs, orders and their status.
// Used by npm run bench:fleet and the launcher tests.

export type Session = { base: string; cookie: string };

/** A JPEG of `width`×`height` with a gradient and noise (so the encoder has work), different per seed. */
export async function makePhoto(seed: number, width = 1600, height = 1200): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: "gaussian", mean: 128, sigma: 40 } } }).raw().toBuffer();
  const tint = { r: (seed * 67) % 256, g: (seed * 131) % 256, b: (seed * 29) % 256 };
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .composite([{ input: { create: { width, height, channels: 4, background: { ...tint, alpha: 0.6 } } } }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

export async function newSession(base: string): Promise<Session> {
  const home = await fetch(`${base}/`);
  const cookie = (home.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie) throw new Error(`no session cookie from ${base}/ (status ${home.status})`);
  return { base, cookie };
}

async function post(session: Session, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${session.base}${url}`, {
    method: "POST",
    headers: { cookie: session.cookie, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Uploads a photo and completes it; returns its asset id. */
export async function uploadPhoto(session: Session, photo: Buffer): Promise<string> {
  const created = await post(session, "/api/uploads", { filename: "photo.jpg", contentType: "image/jpeg", size: photo.length });
  if (created.status !== 201) throw new Error(`POST /api/uploads ${created.status}: ${await created.text()}`);
  const upload = (await created.json()) as { assetId: string; uploadUrl: string; headers: Record<string, string> };
  const put = await fetch(upload.uploadUrl, { method: "PUT", headers: upload.headers, body: new Uint8Array(photo) });
  if (!put.ok) throw new Error(`upload PUT ${put.status}`);
  const done = await post(session, `/api/uploads/${upload.assetId}/complete`);
  if (!done.ok) throw new Error(`complete ${done.status}: ${await done.text()}`);
  return upload.assetId;
}

export async function placeOrder(session: Session, spec: unknown, idempotencyKey?: string): Promise<string> {
  const response = await post(session, "/api/orders", spec, idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
  if (response.status !== 202) throw new Error(`POST /api/orders ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { orderId: string }).orderId;
}

export type OrderView = {
  id: string;
  status: "queued" | "rendering" | "done" | "failed";
  progress: number;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  downloadUrl?: string;
  error?: string;
};

export async function getOrder(session: Session, orderId: string): Promise<OrderView> {
  const response = await fetch(`${session.base}/api/orders/${orderId}`, { headers: { cookie: session.cookie } });
  if (!response.ok) throw new Error(`GET /api/orders/${orderId} ${response.status}`);
  return (await response.json()) as OrderView;
}
