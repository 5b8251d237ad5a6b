import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { MessageChannels } from './message-channels';
import { MessagingController } from './messaging.controller';
import { MessagingService } from './messaging.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

/**
 * Sending a patient their link: email (SMTP), text messages (a provider adapter picked by
 * SMS_PROVIDER), the development outbox. See docs/messaging.md.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  controllers: [MessagingController],
  providers: [
    OutboxService,
    {
      provide: MessageChannels,
      inject: [AppConfig, OutboxService],
      useFactory: (config: AppConfig, outbox: OutboxService) =>
        MessageChannels.fromConfig(config, outbox),
    },
    MessagingService,
  ],
  exports: [MessagingService, OutboxService],
})
export class MessagingModule {}
