import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { MeDto, MyMembershipDto, UpdateMeDto } from './dto/me.dto';
import { UserDto } from './dto/user.dto';
import { parseLogin } from './phone-number';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async me(userId: string): Promise<MeDto> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    // A valid token for a user who no longer exists.
    if (!user) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'This account no longer exists');
    const memberships = (await this.dataSource.query(
      `SELECT o.id AS "organizationId", o.name AS "organizationName", o.kind, o.capabilities, m.role
       FROM memberships m JOIN organizations o ON o.id = m.organization_id
       WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    )) as MyMembershipDto[];
    return { user: UserDto.from(user), memberships };
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<MeDto> {
    const changes: Partial<User> = {};
    if (dto.name !== undefined) {
      if (dto.name.trim().length === 0) throw new ValidationProblem([{ field: 'name', message: 'name must not be empty' }]);
      changes.name = dto.name.trim();
    }
    if (dto.locale !== undefined) changes.locale = dto.locale;
    if (Object.keys(changes).length > 0) await this.dataSource.getRepository(User).update({ id: userId }, changes);
    return this.me(userId);
  }
}

/**
 * Makes the user with this phone or email a platform admin. Only the CLI calls it:
 * there is deliberately no API path to become admin.
 */
export async function makeAdmin(manager: EntityManager, login: string): Promise<{ id: string; name: string }> {
  const parsed = parseLogin(login);
  if (parsed.kind === 'invalid') throw new Error(`"${login}" is neither an email nor a valid phone number`);
  const column = parsed.kind === 'email' ? 'email' : 'phone';
  const value = parsed.kind === 'email' ? parsed.email : parsed.phone;
  const rows = (await manager.query(`UPDATE users SET is_admin = true, updated_at = now() WHERE ${column} = $1 RETURNING id, name`, [
    value,
  ])) as [Array<{ id: string; name: string }>, number];
  const user = rows[0][0];
  if (!user) throw new Error(`no user with ${column} ${value}`);
  return user;
}
