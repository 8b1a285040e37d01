// TC3-HMAC-SHA256 verification, written from Tencent's published algorithm (API 3.0 "Signature v3"), not
// from the SDK: the simulator must catch a client that signs wrongly, not agree with it by construction.
// One allowance for local endpoints, as the official SDK signs them: the credential scope's service may be
// the host's first label ("127" for 127.0.0.1) as well as "vod", and the host is signed without its port.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface SignedRequest {
  method: string;
  /** Path with query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Tc3Refusal {
  code:
    | "AuthFailure.InvalidAuthorization"
    | "AuthFailure.SignatureExpire"
    | "AuthFailure.SecretIdNotFound"
    | "AuthFailure.SignatureFailure";
  message: string;
}

/** A request more than this far from the server's clock is refused as expired (Tencent: 5 minutes). */
const MAX_CLOCK_SKEW_S = 300;

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** undefined when the signature is good; otherwise Tencent's code and a message. `secrets`: SecretId -> SecretKey. */
export function verifyTc3(
  request: SignedRequest,
  secrets: ReadonlyMap<string, string>,
  nowMs: number,
): Tc3Refusal | undefined {
  const match = AUTHORIZATION.exec(header(request.headers, "authorization"));
  const timestamp = Number(header(request.headers, "x-tc-timestamp"));
  if (!match || !Number.isInteger(timestamp))
    return {
      code: "AuthFailure.InvalidAuthorization",
      message: "The Authorization header is not a TC3-HMAC-SHA256 signature, or X-TC-Timestamp is missing.",
    };
  const [, secretId = "", date = "", service = "", signedHeaders = "", signature = ""] = match;
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_S)
    return {
      code: "AuthFailure.SignatureExpire",
      message: "The signature has expired: X-TC-Timestamp is more than 5 minutes off the server's time.",
    };
  const secretKey = secrets.get(secretId);
  if (secretKey === undefined) return { code: "AuthFailure.SecretIdNotFound", message: "The SecretId does not exist." };
  const scopeOk =
    date === utcDate(timestamp) && (service === "vod" || service === hostName(request.headers).split(".")[0]);
  const expected = signatureOf(request, { secretKey, date, service, signedHeaders, timestamp });
  if (!scopeOk || !sameHex(expected, signature))
    return { code: "AuthFailure.SignatureFailure", message: "The signature does not match the request." };
  return undefined;
}

interface Scope {
  secretKey: string;
  date: string;
  service: string;
  signedHeaders: string;
  timestamp: number;
}

/** Tencent's four steps: canonical request, string to sign, derived key, signature (hex). */
function signatureOf(request: SignedRequest, scope: Scope): string {
  const [path = "/", query = ""] = request.url.split("?");
  const names = scope.signedHeaders.split(";");
  const canonicalHeaders = names.map((name) => `${name}:${canonicalValue(request.headers, name)}\n`).join("");
  const canonicalRequest = [
    request.method.toUpperCase(),
    path,
    query,
    canonicalHeaders,
    scope.signedHeaders,
    sha256Hex(request.body),
  ].join("\n");
  const credentialScope = `${scope.date}/${scope.service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(scope.timestamp), credentialScope, sha256Hex(canonicalRequest)].join(
    "\n",
  );
  const kDate = hmac(`TC3${scope.secretKey}`, scope.date);
  const kService = hmac(kDate, scope.service);
  const kSigning = hmac(kService, "tc3_request");
  return hmac(kSigning, stringToSign).toString("hex");
}

function canonicalValue(headers: IncomingHttpHeaders, name: string): string {
  return (name === "host" ? hostName(headers) : header(headers, name)).trim().toLowerCase();
}

/** The Host header without its port (Tencent's endpoints have none; the SDK signs a local one without it). */
function hostName(headers: IncomingHttpHeaders): string {
  const host = header(headers, "host");
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : (host.split(":")[0] ?? "");
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
