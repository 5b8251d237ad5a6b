import { Global, Injectable, Module } from '@nestjs/common';

/** The time, behind one injectable class so tests can move it (link expiry, lockouts). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
