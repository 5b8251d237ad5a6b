import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route (or controller) as open to anyone. Everything else requires sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
