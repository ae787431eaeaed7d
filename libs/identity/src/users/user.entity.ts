import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LOCALES = ['km', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** E.164, e.g. +85512345678. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** When a code sent by SMS proved the phone is the user's; null: not proven (no password reset by SMS). */
  @Column({ name: 'phone_verified_at', type: 'timestamptz', nullable: true })
  phoneVerifiedAt: Date | null;

  /** Lower-case. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** argon2id; never leaves the identity lib (not selected unless asked for). */
  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'km' })
  locale: Locale;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
