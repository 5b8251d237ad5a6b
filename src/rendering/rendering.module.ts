import { Global, Module } from '@nestjs/common';
import { HandoutRenderer } from './handout-renderer.service';

@Global()
@Module({ providers: [HandoutRenderer], exports: [HandoutRenderer] })
export class RenderingModule {}
