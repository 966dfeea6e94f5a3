import { createHash } from 'node:crypto';

/**
 * A story's image, cleaned: decoded and re-encoded as JPEG by sharp, which writes no EXIF, GPS,
 * XMP, IPTC or ICC data unless asked to, so the camera, the time and the place a photo was taken
 * never reach the calendar or the website. The pixels are turned upright first (the EXIF
 * orientation is the one piece of metadata that changes how a photo looks) and the size is capped
 * for print.
 */
export const MAX_IMAGE_EDGE = 2400;

export interface CleanImage {
  content: Buffer;
  width: number;
  height: number;
  sha256: string;
}

export async function cleanImage(input: Buffer): Promise<CleanImage> {
  // sharp (libvips) is loaded with the first image, not at every start of the server.
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 })
    .rotate()
    .resize({
      width: MAX_IMAGE_EDGE,
      height: MAX_IMAGE_EDGE,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 88, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return {
    content: data,
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

/** The cleaned image as a data: URL, so the calendar's HTML stays self-contained for printing. */
export function imageDataUrl(content: Buffer): string {
  return `data:image/jpeg;base64,${content.toString('base64')}`;
}
