import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['firm', 'cooperative', 'working_group', 'government'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Kinds whose members are other organizations (firms), not only people. */
export const GROUP_KINDS: readonly OrganizationKind[] = ['cooperative', 'working_group'];

export const CAPABILITIES = ['sell', 'buy', 'supply_inputs', 'organize_fairs'] as const;
export type Capability = (typeof CAPABILITIES)[number];

@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The name as search reads it (searchableText) when that differs, i.e. Khmer; else null. */
  @Column({ name: 'search_name', type: 'text', nullable: true, select: false })
  searchName?: string | null;

  @Column({ type: 'text' })
  kind: OrganizationKind;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities: Capability[];

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ name: 'value_chains', type: 'text', array: true, default: () => "'{}'" })
  valueChains: string[];

  /** The organization's public contact number (E.164); members' own numbers stay private. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
