import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './database-options';

export interface DatabaseModuleOptions {
  /** The serving role's address; migrations run before the app starts (prepareDatabase). */
  url: string;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.url),
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
    };
  }
}
