import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sign-in sessions, kept in PostgreSQL (connect-pg-simple's layout) so that several app
 * instances share them.
 */
@Entity('sessions')
@Index('IDX_sessions_expire', ['expire'])
// Finds a user's sessions (to end them all when the user is disabled); created in the migration.
@Index('IDX_sessions_user', { synchronize: false })
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  sid: string;

  @Column({ type: 'json' })
  sess: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  expire: Date;
}
