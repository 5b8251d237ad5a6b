import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './database-options';

export interface DatabaseModuleOptions {
  url: string;
  /** Apply pending migrations when the app starts. */
  migrationsRun: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.url),
          migrationsRun: options.migrationsRun,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
    };
  }
}
