import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One counter of `rate-limiter-flexible`'s PostgreSQL store, shared by every app instance:
 * a key (a limiter's prefix and what it counts, never an email or a name), the points used in
 * the current window, and when that window ends (milliseconds since 1970, as the library keeps it).
 */
@Entity('rate_limits')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'int', default: 0 })
  points: number;

  @Column({ type: 'bigint', nullable: true })
  expire: string | null;
}
