import { validateEnvironment } from '@psar/platform';

describe('photo storage configuration', () => {
  it('defaults to Postgres with 10 MiB and 60 megapixels per photo', () => {
    expect(validateEnvironment({})).toMatchObject({ PHOTO_STORAGE: 'postgres', PHOTO_MAX_BYTES: 10_485_760, PHOTO_MAX_PIXELS: 60_000_000 });
  });

  it('needs a bucket for S3, and URLs for the endpoint and public base', () => {
    expect(() => validateEnvironment({ PHOTO_STORAGE: 's3' })).toThrow(/PHOTO_S3_BUCKET must be set when PHOTO_STORAGE=s3/);
    expect(() => validateEnvironment({ PHOTO_STORAGE: 'disk' })).toThrow(/PHOTO_STORAGE/);
    expect(() => validateEnvironment({ PHOTO_STORAGE: 's3', PHOTO_S3_BUCKET: 'photos', PHOTO_S3_ENDPOINT: 'minio:9000' })).toThrow(/PHOTO_S3_ENDPOINT/);
    expect(() => validateEnvironment({ PHOTO_S3_PUBLIC_URL: 'cdn.example' })).toThrow(/PHOTO_S3_PUBLIC_URL/);
    expect(validateEnvironment({ PHOTO_STORAGE: 's3', PHOTO_S3_BUCKET: 'photos', PHOTO_S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
      PHOTO_STORAGE: 's3',
      PHOTO_S3_BUCKET: 'photos',
      PHOTO_S3_FORCE_PATH_STYLE: false,
    });
  });
});
