import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import {
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  IsNull,
  ObjectLiteral,
} from 'typeorm';
import { Actor } from '../auth/actor';
import { isUniqueViolation } from '../database/errors';
import { BlockContentError } from './content/block-source';
import { nextReviewAfter } from './versioned-content.entity';

/**
 * The steps of editing a clinic's own content (blocks and protocols): keyed items with
 * versions that go draft → approved, beside a read-only shared library. VersionedContentEditor
 * puts them together.
 */

/** How messages name the kind of item. */
export interface ContentKind {
  /** As people see it: protocols are templates in the API and on screen. */
  noun: 'block' | 'template';
  /** The read-only shared set, as a message names it. */
  shared: string;
  /** Why the shared set cannot be edited here. */
  readOnly: string;
}

export interface OwnedItem extends ObjectLiteral {
  id: string;
  key: string;
  ownerClinicId: string | null;
  currentVersionId: string | null;
  retiredAt: Date | null;
}

export interface Version extends ObjectLiteral {
  id: string;
  number: number;
  status: 'draft' | 'approved' | 'retired';
  approvedById: string | null;
  approvedAt: Date | null;
}

/** Runs a content check; its problems become a 400 that names each one. */
export function checkedOr400<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof BlockContentError) throw new BadRequestException(error.problems);
    throw error;
  }
}

/**
 * The clinic's own item by key, locked for this transaction so edits and retirement of one item
 * take turns: 404 when the clinic cannot see it, 403 for the shared set, 409 when retired
 * (unless `mustBeActive` is off).
 */
export async function ownedOrThrow<T extends OwnedItem>(
  manager: EntityManager,
  target: EntityTarget<T>,
  kind: ContentKind,
  actor: Pick<Actor, 'clinicId'>,
  key: string,
  mustBeActive = true,
): Promise<T> {
  const item = await manager
    .getRepository(target)
    .createQueryBuilder('i')
    .where('i.key = :key AND (i.ownerClinicId IS NULL OR i.ownerClinicId = :clinicId)', {
      key,
      clinicId: actor.clinicId,
    })
    .setLock('pessimistic_write')
    .getOne();
  if (!item) throw new NotFoundException(`${kind.noun}: no ${kind.noun} with key "${key}"`);
  if (!item.ownerClinicId) throw new ForbiddenException(`${kind.noun}: ${kind.readOnly}`);
  if (mustBeActive && item.retiredAt)
    throw new ConflictException(`${kind.noun} "${key}" is retired`);
  return item;
}

/** A new item of the actor's clinic; 409 when the shared set or the clinic already has the key. */
export async function insertOwned<T extends OwnedItem>(
  manager: EntityManager,
  target: EntityTarget<T>,
  kind: ContentKind,
  values: DeepPartial<T> & { key: string },
): Promise<T> {
  const sharedKey = { key: values.key, ownerClinicId: IsNull() } as FindOptionsWhere<T>;
  if (await manager.existsBy(target, sharedKey))
    throw new ConflictException(`key: "${values.key}" is already used by ${kind.shared}`);
  try {
    return await manager.save(target, manager.create(target, values));
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictException(`key: a ${kind.noun} with key "${values.key}" already exists`);
    throw error;
  }
}

/** The item's open draft, locked for this transaction, if it has one. */
export function lockedDraft<V extends Version>(
  manager: EntityManager,
  target: EntityTarget<V>,
  ofItem: FindOptionsWhere<V>,
): Promise<V | null> {
  return manager.findOne(target, {
    where: { ...ofItem, status: 'draft' } as FindOptionsWhere<V>,
    lock: { mode: 'pessimistic_write' },
  });
}

/** Version `number` of the item, locked when asked; 404 naming the key and number. */
export async function versionOrThrow<V extends Version>(
  manager: EntityManager,
  target: EntityTarget<V>,
  kind: ContentKind,
  item: { key: string },
  where: FindOptionsWhere<V> & { number: number },
  lock = false,
): Promise<V> {
  const version = await manager.findOne(target, {
    where,
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!version)
    throw new NotFoundException(`${kind.noun}: "${item.key}" has no version ${where.number}`);
  return version;
}

/** Marks a draft approved by the actor (not saved yet); 409 for anything but a draft. */
export function approveDraft<V extends Version>(version: V, number: number, actor: Actor): V {
  if (version.status !== 'draft')
    throw new ConflictException(`version ${number} is already ${version.status}`);
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  return Object.assign(version, {
    status: 'approved' as const,
    approvedById: actor.userId,
    approvedAt: now,
    // The approver reviewed it; the next review falls due in 24 months.
    reviewedBy: actor.name,
    reviewedOn: today,
    nextReviewOn: nextReviewAfter(today),
  });
}
