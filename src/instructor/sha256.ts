import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex.
 *
 * Why not crypto.subtle.digest? Browsers offer it only in secure contexts
 * (https, or localhost). A room served from the instructor's laptop over the
 * LAN (`http://192.168.x.y:4321`) is not one, and results must still export
 * and import there; @noble/hashes works everywhere.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
