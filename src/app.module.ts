import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock';
import { InputShapeMiddleware } from './common/input-shape.middleware';
import { PortalModule } from './portal/portal.module';
import { CheckInsModule } from './check-ins/check-ins.module';
import { HandoutsModule } from './handouts/handouts.module';
import { AppConfig } from './config/app-config';
import { LibraryModule } from './library/library.module';
import { MessagingModule } from './messaging/messaging.module';
import { PatientsModule } from './patients/patients.module';
import { RenderingModule } from './rendering/rendering.module';
import { ViewsModule } from './views/views.module';
import { ConfigModule } from './config/config.module';
import { ClinicsModule } from './clinics/clinics.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule implements NestModule {
  /** `databaseUrl` is the configured one or the embedded database's. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: databaseUrl }),
        HealthModule,
        AuditModule,
        AuthModule,
        ViewsModule,
        ClinicsModule,
        UsersModule,
        PatientsModule,
        RenderingModule,
        ImagesModule,
        LibraryModule,
        HandoutsModule,
        PortalModule,
        CheckInsModule,
        MessagingModule,
        ApiKeysModule,
        FhirModule,
        ClockModule,
        DemoModule,
        WebModule,
      ],
    };
  }

  /** After the body parser, before every route (the sign-in strategy reads the body itself). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InputShapeMiddleware).forRoutes('*');
  }
}
