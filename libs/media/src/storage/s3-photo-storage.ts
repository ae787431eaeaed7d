import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Environment } from '@psar/platform';
import { PhotoStorage, type ServedFile, type StoredFile } from './photo-storage';

// A signed link lives an hour; browsers may reuse the redirect for ten minutes of it.
const SIGNED_URL_SECONDS = 3600;
const REDIRECT_CACHE_SECONDS = 600;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Files in an S3-compatible bucket (AWS, MinIO, Garage, R2…). Objects carry their own
 * long Cache-Control. Clients get them by a direct URL when PHOTO_S3_PUBLIC_URL names a
 * public bucket or CDN, else through the API's redirect to a signed URL.
 */
export class S3PhotoStorage extends PhotoStorage {
  readonly backend = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly publicUrl: string | null;

  constructor(env: Environment) {
    super();
    this.bucket = env.PHOTO_S3_BUCKET!;
    this.publicUrl = env.PHOTO_S3_PUBLIC_URL?.replace(/\/+$/, '') ?? null;
    this.client = new S3Client({
      region: env.PHOTO_S3_REGION,
      endpoint: env.PHOTO_S3_ENDPOINT,
      forcePathStyle: env.PHOTO_S3_FORCE_PATH_STYLE,
      credentials:
        env.PHOTO_S3_ACCESS_KEY_ID && env.PHOTO_S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.PHOTO_S3_ACCESS_KEY_ID, secretAccessKey: env.PHOTO_S3_SECRET_ACCESS_KEY }
          : undefined,
      // Only checksums the service asks for: S3-compatible stores differ in what they accept.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(files: StoredFile[]): Promise<void> {
    await Promise.all(
      files.map((f) =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: f.key, Body: f.body, ContentType: f.contentType, CacheControl: IMMUTABLE }),
        ),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    // One request per key: DeleteObjects needs Content-MD5, which not every store takes.
    await Promise.all(keys.map((key) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))));
  }

  async open(key: string): Promise<ServedFile> {
    const direct = this.directUrl(key);
    if (direct) return { kind: 'redirect', location: direct, maxAgeSeconds: 31_536_000 };
    const location = await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: SIGNED_URL_SECONDS });
    return { kind: 'redirect', location, maxAgeSeconds: REDIRECT_CACHE_SECONDS };
  }

  directUrl(key: string): string | null {
    return this.publicUrl ? `${this.publicUrl}/${key}` : null;
  }

  close(): void {
    this.client.destroy();
  }
}
