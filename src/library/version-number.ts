import { EntityManager } from 'typeorm';

/** The number the next version of a block or template gets (1 for the first). */
export async function nextVersionNumber(
  manager: EntityManager,
  versions: 'block_versions' | 'protocol_versions',
  parentId: string,
): Promise<number> {
  const parent = versions === 'block_versions' ? 'block_id' : 'protocol_id';
  const [{ max }] = await manager.query(
    `SELECT coalesce(max(number), 0) AS max FROM ${versions} WHERE ${parent} = $1`,
    [parentId],
  );
  return Number(max) + 1;
}
