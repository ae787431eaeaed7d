import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  /** The PHOTO_* variables that point the app at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A local S3-compatible server (s3rver, from npm) on a free port, with one empty bucket. */
export async function startLocalS3(bucket = 'psar-photos'): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'psar-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    env: {
      PHOTO_STORAGE: 's3',
      PHOTO_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      PHOTO_S3_BUCKET: bucket,
      PHOTO_S3_REGION: 'us-east-1',
      // s3rver's fixed credentials.
      PHOTO_S3_ACCESS_KEY_ID: 'S3RVER',
      PHOTO_S3_SECRET_ACCESS_KEY: 'S3RVER',
      PHOTO_S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
