import { Module } from '@nestjs/common';

/** Sending a patient their link: email (SMTP), text messages (a provider adapter), the development outbox. */
@Module({})
export class MessagingModule {}
