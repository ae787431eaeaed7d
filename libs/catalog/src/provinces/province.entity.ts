import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'provinces' })
export class Province {
  /** ISO 3166-2:KH code, e.g. KH-12. */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_km', type: 'text' })
  nameKm: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;
}
