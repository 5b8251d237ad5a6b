import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/** A block or template key in a route; anything else names nothing (404). */
@Injectable()
export class KeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value) || value.length > 60)
      throw new NotFoundException('Not found.');
    return value;
  }
}
