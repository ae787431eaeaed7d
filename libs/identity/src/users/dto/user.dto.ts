import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, type Locale, type User } from '../user.entity';

/** A user as the user sees themselves: never a password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sokha Chan' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: '+85512345678', description: 'E.164' })
  phone: string | null;

  @ApiProperty({ description: 'The phone number was proven by a code sent to it by SMS (POST /me/phone-verification)' })
  phoneVerified: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'sokha@example.com' })
  email: string | null;

  @ApiProperty({ enum: LOCALES })
  locale: Locale;

  @ApiProperty({ description: 'A platform administrator (may verify organizations)' })
  isAdmin: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      name: user.name,
      phone: user.phone,
      phoneVerified: user.phoneVerifiedAt !== null,
      email: user.email,
      locale: user.locale,
      isAdmin: user.isAdmin,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
