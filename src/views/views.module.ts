import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PageRenderer } from './page-renderer.service';

@Global()
@Module({ imports: [AuthModule], providers: [PageRenderer], exports: [PageRenderer] })
export class ViewsModule {}
