import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { MAX_INT } from './validators';

/**
 * A route's version number: a whole number from 1 to 2,147,483,647 (PostgreSQL's integer), or
 * a 400 that names the field. Nest's ParseIntPipe lets through numbers the database refuses.
 */
@Injectable()
export class NumberPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const number = Number(value);
    if (!/^\d{1,10}$/.test(value) || number < 1 || number > MAX_INT)
      throw new BadRequestException([
        `${metadata.data ?? 'number'}: must be a whole number from 1 to ${MAX_INT.toLocaleString('en')}`,
      ]);
    return number;
  }
}
