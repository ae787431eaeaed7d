import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Environment } from '@psar/platform';
import type { DataSource } from 'typeorm';
import { PhotosController } from './photos/photos.controller';
import { PhotosService } from './photos/photos.service';
import { PhotoStorage } from './storage/photo-storage';
import { PostgresPhotoStorage } from './storage/postgres-photo-storage';
import { S3PhotoStorage } from './storage/s3-photo-storage';

/**
 * Photos for other libs' things (listings, organizations): upload checks, WebP variants,
 * placeholders, storage (Postgres or S3) and serving. Libs import it and call
 * `PhotosService` after their own authorization.
 */
@Module({
  controllers: [PhotosController],
  providers: [
    {
      provide: PhotoStorage,
      inject: [Environment, getDataSourceToken()],
      useFactory: (env: Environment, dataSource: DataSource): PhotoStorage =>
        env.PHOTO_STORAGE === 's3' ? new S3PhotoStorage(env) : new PostgresPhotoStorage(dataSource),
    },
    PhotosService,
  ],
  exports: [PhotosService],
})
export class MediaModule implements OnApplicationShutdown {
  constructor(@Inject(PhotoStorage) private readonly storage: PhotoStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3PhotoStorage) this.storage.close();
  }
}
