import { Module } from '@nestjs/common';

/** Keys other systems call the API with: created, listed and revoked by an admin. */
@Module({})
export class ApiKeysModule {}
