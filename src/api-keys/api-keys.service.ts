import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { API_KEY_SCOPES, ApiKeyScope } from '../auth/scopes';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** Keys read `chk_` then 43 characters of base64url (32 random bytes). */
const KEY_PREFIX = 'chk_';
const KEY_SHAPE = /^chk_[A-Za-z0-9_-]{43}$/;
/** How stale `last_used_at` may be before a call updates it (one write a minute at most). */
const LAST_USED_GRANULARITY = "interval '1 minute'";

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  createdAt: string;
  createdBy: { id: string; name: string };
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The one answer that carries the key itself. */
export interface IssuedApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  key: string;
}

/** What a presented key resolves to. */
export type KeyCheck =
  | {
      ok: true;
      key: { id: string; clinicId: string; name: string; scopes: ApiKeyScope[] };
      timeZone: string;
    }
  | { ok: false; reason: 'unknown' | 'revoked' };

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createKey(actor: Actor, dto: CreateApiKeyDto): Promise<IssuedApiKey> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(ApiKey).save({
        clinicId: actor.clinicId,
        name: dto.name.trim(),
        scopes: API_KEY_SCOPES.filter((s) => dto.scopes.includes(s)),
        keyHash: hashKey(key),
        keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
        createdById: actor.userId,
      });
      await this.audit.recordByUser(
        actor,
        'api_key.created',
        { type: 'api_key', id: row.id },
        { scopes: row.scopes },
        manager,
      );
      return { id: row.id, name: row.name, scopes: row.scopes, key };
    });
  }

  async listKeys(actor: Actor): Promise<ApiKeyView[]> {
    const rows: {
      id: string;
      name: string;
      scopes: ApiKeyScope[];
      key_prefix: string;
      created_at: Date;
      created_by_id: string;
      creator: string | null;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT k.id, k.name, k.scopes, k.key_prefix, k.created_at, k.created_by_id,
              u.name AS creator, k.last_used_at, k.revoked_at
         FROM api_keys k LEFT JOIN users u ON u.id = k.created_by_id AND u.clinic_id = k.clinic_id
        WHERE k.clinic_id = $1
        ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC`,
      [actor.clinicId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      scopes: r.scopes,
      prefix: r.key_prefix,
      createdAt: r.created_at.toISOString(),
      createdBy: { id: r.created_by_id, name: r.creator ?? '' },
      lastUsedAt: r.last_used_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  /** Revokes a key of the actor's clinic; the very next call with it is refused. */
  async revokeKey(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()),
                revoked_by_id = coalesce(revoked_by_id, $3)
          WHERE id = $1 AND clinic_id = $2 RETURNING id`,
        [id, actor.clinicId, actor.userId],
      )) as [{ id: string }[], number];
      if (rows.length === 0) throw new NotFoundException('No such API key.');
      await this.audit.recordByUser(actor, 'api_key.revoked', { type: 'api_key', id }, {}, manager);
    });
  }

  /**
   * Resolves a presented key (one indexed read). Marks it used, at most once a minute, without
   * holding up the call.
   */
  async check(presented: string): Promise<KeyCheck> {
    if (!KEY_SHAPE.test(presented)) return { ok: false, reason: 'unknown' };
    const rows: {
      id: string;
      clinic_id: string;
      name: string;
      scopes: ApiKeyScope[];
      revoked_at: Date | null;
      stale: boolean;
      time_zone: string;
    }[] = await this.dataSource.query(
      `SELECT k.id, k.clinic_id, k.name, k.scopes, k.revoked_at, c.time_zone,
              (k.last_used_at IS NULL OR k.last_used_at < now() - ${LAST_USED_GRANULARITY}) AS stale
         FROM api_keys k JOIN clinics c ON c.id = k.clinic_id
        WHERE k.key_hash = $1`,
      [hashKey(presented)],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revoked_at) return { ok: false, reason: 'revoked' };
    if (row.stale) {
      void this.dataSource
        .query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
          row.id,
        ])
        .catch(() => undefined);
    }
    return {
      ok: true,
      key: { id: row.id, clinicId: row.clinic_id, name: row.name, scopes: row.scopes },
      timeZone: row.time_zone,
    };
  }
}
