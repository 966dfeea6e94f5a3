import { DomainError } from '@dawn/core';

/**
 * Which files Dawn keeps, decided from their content (magic bytes), never from the name or the
 * type the browser claims: a renamed program stays a program. Plain text has no magic bytes, so
 * it is recognised as valid UTF-8 without control characters.
 */
export const ALLOWED_MIME_TYPES = {
  'application/pdf': { extension: 'pdf', label: 'PDF' },
  'image/jpeg': { extension: 'jpg', label: 'JPEG image' },
  'image/png': { extension: 'png', label: 'PNG image' },
  'image/webp': { extension: 'webp', label: 'WebP image' },
  'image/heic': { extension: 'heic', label: 'HEIC image' },
  'image/heif': { extension: 'heif', label: 'HEIF image' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extension: 'docx',
    label: 'Word document (DOCX)',
  },
  'application/vnd.oasis.opendocument.text': { extension: 'odt', label: 'OpenDocument text' },
  'text/plain': { extension: 'txt', label: 'plain text' },
} as const;
export type AllowedMimeType = keyof typeof ALLOWED_MIME_TYPES;

/** How many leading bytes are read before deciding; DOCX/ODT need their first zip entries. */
export const SNIFF_BYTES = 64 * 1024;

const ALLOWED_LIST = 'PDF, JPEG, PNG, WebP, HEIC, DOCX, ODT or plain text';

function isAllowed(mime: string): mime is AllowedMimeType {
  return Object.hasOwn(ALLOWED_MIME_TYPES, mime);
}

// Aliases browsers send for the same thing.
const DECLARED_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heif',
};

function looksLikeText(head: Buffer, complete: boolean): boolean {
  if (head.length === 0) return false;
  // Control characters other than tab, line feed, form feed and carriage return mean binary.
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d)
      return false;
    if (byte === 0x7f) return false;
  }
  try {
    // stream: true lets a multi-byte character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * The file's type from its first bytes. `complete` says the head is the whole file. The type the
 * client declared, when specific, must agree: a text file sent as a PDF is refused, because
 * whoever opens it later would be misled about what the paper is.
 */
export async function sniffMimeType(
  head: Buffer,
  complete: boolean,
  declaredType: string | undefined,
): Promise<AllowedMimeType> {
  // Loaded at the first upload rather than when the server starts.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(head);
  let mime: string | undefined = detected?.mime;
  if (mime === 'image/heic-sequence') mime = 'image/heic';
  if (mime === 'image/heif-sequence') mime = 'image/heif';
  if (mime === undefined && looksLikeText(head, complete)) mime = 'text/plain';
  if (mime === undefined || !isAllowed(mime)) {
    const what = detected ? `a ${detected.ext.toUpperCase()} file (${detected.mime})` : 'unknown';
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `This file's content is ${what}. Dawn keeps ${ALLOWED_LIST} only; the file was not stored.`,
    );
  }
  const declared = normaliseDeclared(declaredType);
  if (declared !== undefined && isAllowed(declared) && sameKind(declared) !== sameKind(mime)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `This file was sent as ${ALLOWED_MIME_TYPES[declared].label} but its content is ${ALLOWED_MIME_TYPES[mime].label}; the file was not stored. Send it under its real type.`,
    );
  }
  return mime;
}

/** The file-name extension for a stored type; 'bin' for anything not (or no longer) allowed. */
export function extensionOf(mime: string): string {
  return isAllowed(mime) ? ALLOWED_MIME_TYPES[mime].extension : 'bin';
}

// HEIC is HEIF with HEVC inside; browsers and phones use either name.
function sameKind(mime: AllowedMimeType): string {
  return mime === 'image/heif' ? 'image/heic' : mime;
}

function normaliseDeclared(declaredType: string | undefined): string | undefined {
  const base = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (!base) return undefined;
  return DECLARED_ALIASES[base] ?? base;
}
