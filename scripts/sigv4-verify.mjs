// SigV4 verification for the local S3/SQS emulator (scripts/emulator.mjs):
// a request is accepted only if re-signing its canonical request with the
// expected secret (@smithy/signature-v4, the AWS SDK's own signer) gives the
// signature it carries. Header-signed (Authorization) and query-signed
// (presigned URL) requests are both checked, for S3 and for SQS.
//
// Payloads: an SQS request's body is hashed here (callers pass it in). An S3
// request's body is never read (uploads stream straight to disk): its
// x-amz-content-sha256 is used as declared — UNSIGNED-PAYLOAD, a STREAMING-…
// marker or an explicit hash. AWS also checks an explicit hash against the
// bytes it receives; this emulator does not. Presigned URLs sign
// UNSIGNED-PAYLOAD, as on AWS.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** AWS's allowed clock skew for header-signed requests (and how far ahead a presigned one may be dated). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
const ALGORITHM = "AWS4-HMAC-SHA256";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** node:crypto behind the Checksum interface @smithy/signature-v4 expects. */
class Sha256 {
  /** @param {Uint8Array | string} [secret] */
  constructor(secret) {
    this.secret = secret;
    this.reset();
  }
  /** @param {Uint8Array | string} data */
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
}

/**
 * @typedef {{ status: number, code: string, message: string }} Refusal
 * @typedef {{ method: string, url: string, headers: Record<string, string | string[] | undefined>, body?: Uint8Array }} IncomingRequest
 * @typedef {{ accessKeyId: string, secretAccessKey: string, service: "s3" | "sqs", now?: number }} Expected
 */

/** @returns {Refusal} */
const refuse = (status, code, message) => ({ status, code, message });
const denied = () =>
  refuse(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

/** "20261201T101500Z" → ms since epoch, or NaN. */
function parseAmzDate(value) {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : Number.NaN;
}

/** The raw query as the signer wants it: decoded names and values, repeated names as arrays. */
function parseQuery(raw) {
  /** @type {Record<string, string | string[]>} */
  const query = {};
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

const headerValue = (value) => (Array.isArray(value) ? value.join(",") : value);

function sameHex(a, b) {
  const left = Buffer.from(String(a), "utf8");
  const right = Buffer.from(String(b), "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Why a request must be refused (status, AWS error code, message), or null if
 * it is signed with the expected credentials.
 * @param {IncomingRequest} request
 * @param {Expected} expected
 * @returns {Promise<Refusal | null>}
 */
export async function verifySignature(request, expected) {
  const now = expected.now ?? Date.now();
  const [rawPath, rawQuery = ""] = request.url.split(/\?(.*)/s);
  let query;
  try {
    query = parseQuery(rawQuery);
  } catch {
    return refuse(400, "InvalidArgument", "The query string is not valid percent-encoding.");
  }
  const authorization = headerValue(request.headers.authorization);
  const isPresigned = "X-Amz-Signature" in query;
  if (!authorization && !isPresigned) return refuse(403, "AccessDenied", "Request is missing Authentication Token: requests must be signed (SigV4).");
  if (authorization && isPresigned) return refuse(400, "InvalidArgument", "Only one auth mechanism allowed.");

  let algorithm, credential, signedHeaderList, signature, amzDate;
  if (isPresigned) {
    algorithm = query["X-Amz-Algorithm"];
    credential = query["X-Amz-Credential"];
    signedHeaderList = query["X-Amz-SignedHeaders"];
    signature = query["X-Amz-Signature"];
    amzDate = query["X-Amz-Date"];
  } else {
    const match = /^(\S+)\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(authorization.trim());
    if (!match) return refuse(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
    [, algorithm, credential, signedHeaderList, signature] = match;
    amzDate = headerValue(request.headers["x-amz-date"]);
  }
  if ([algorithm, credential, signedHeaderList, signature, amzDate].some((v) => typeof v !== "string")) {
    return refuse(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature are required.");
  }
  if (algorithm !== ALGORITHM) return refuse(400, "InvalidArgument", `Only ${ALGORITHM} is supported.`);

  const [accessKeyId, day, region, service, terminator, ...rest] = credential.split("/");
  if (rest.length || terminator !== "aws4_request" || !region || service !== expected.service) {
    return refuse(400, "AuthorizationHeaderMalformed", `The credential scope must be <key>/<date>/<region>/${expected.service}/aws4_request.`);
  }
  if (accessKeyId !== expected.accessKeyId) return refuse(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const signedAt = parseAmzDate(amzDate);
  if (!Number.isFinite(signedAt) || amzDate.slice(0, 8) !== day) {
    return refuse(403, "AccessDenied", "X-Amz-Date must be yyyyMMddTHHmmssZ and match the credential scope's date.");
  }

  let expiresIn = 0;
  if (isPresigned) {
    expiresIn = Number(query["X-Amz-Expires"]);
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGNED_SECONDS) {
      return refuse(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be a whole number of seconds from 1 to 604800.");
    }
    if (now > signedAt + expiresIn * 1000) return refuse(403, "AccessDenied", "Request has expired");
    if (signedAt > now + MAX_SKEW_MS) return refuse(403, "AccessDenied", "Request is not yet valid");
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return refuse(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
  }

  const declaredHash = headerValue(request.headers["x-amz-content-sha256"]);
  if (expected.service === "s3" && !isPresigned && !declaredHash) {
    return refuse(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) return refuse(403, "AccessDenied", "The host header must be signed.");
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of signedHeaders) {
    const value = headerValue(request.headers[name]);
    if (value === undefined) return denied();
    headers[name] = value;
  }

  let body;
  if (expected.service === "s3" && !isPresigned) {
    // The body is not read (see the top): the declared hash must be signed.
    if (!signedHeaders.includes("x-amz-content-sha256")) return denied();
  } else if (expected.service !== "s3") {
    body = request.body ?? new Uint8Array();
    const actualHash = createHash("sha256").update(body).digest("hex");
    if (declaredHash !== undefined && declaredHash !== actualHash) {
      return refuse(400, "XAmzContentSHA256Mismatch", "The provided x-amz-content-sha256 header does not match what was computed.");
    }
  }

  const [hostname, port] = headers.host.split(":");
  const signer = new SignatureV4({
    credentials: { accessKeyId: expected.accessKeyId, secretAccessKey: expected.secretAccessKey },
    region,
    service,
    sha256: Sha256,
    // S3 signs the path as sent; every other service encodes it once more.
    uriEscapePath: service !== "s3",
    applyChecksum: false,
  });
  const base = { method: request.method, protocol: "http:", hostname, port: port ? Number(port) : undefined, path: rawPath, query, headers, body };
  const options = { signingDate: new Date(signedAt), signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) };
  let expectedSignature;
  try {
    if (isPresigned) {
      const unsigned = { ...query };
      delete unsigned["X-Amz-Signature"];
      const presignHeaders = { [`x-amz-content-sha256`]: UNSIGNED_PAYLOAD, ...headers };
      const presigned = await signer.presign(
        { ...base, query: unsigned, headers: presignHeaders },
        {
          ...options,
          expiresIn,
          // Keep the signed headers as headers (the signer would move x-amz-* ones
          // into the query); the payload marker is only there for the hash.
          unhoistableHeaders: new Set(Object.keys(presignHeaders)),
          unsignableHeaders: signedHeaders.includes("x-amz-content-sha256") ? new Set() : new Set(["x-amz-content-sha256"]),
        },
      );
      expectedSignature = presigned.query["X-Amz-Signature"];
    } else {
      const signed = await signer.sign(base, options);
      expectedSignature = /Signature=([0-9a-f]+)$/.exec(signed.headers.authorization)?.[1];
    }
  } catch {
    return denied();
  }
  return expectedSignature && sameHex(expectedSignature, signature) ? null : denied();
}
