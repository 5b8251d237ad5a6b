import { maskEmail, maskPhone, normalisePhone, scrubReason } from './addresses';

describe(normalisePhone.name, () => {
  it.each([
    ['+447700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700-900123', '+447700900123'],
    ['+1 (555) 010-0123', '+15550100123'],
    [' +34 612.34.56.78 ', '+34612345678'],
  ])('reads %j as %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each([
    ['07700 900123', 'a national number: no country code'],
    ['+1 555 0100', 'too short for its country'],
    ['+123', 'far too short'],
    ['+44 7700 900123 ext 4', 'letters'],
    ['', 'empty'],
    ['+0 123 456 789', 'no country starts with 0'],
  ])('refuses %j (%s)', (typed) => {
    expect(normalisePhone(typed)).toBeNull();
  });
});

describe(maskEmail.name, () => {
  it('keeps the first letter of the name and of the domain, and the top-level domain', () => {
    expect(maskEmail('maria.lopez@example.org')).toBe('m***@e***.org');
    expect(maskEmail('a@b.co.uk')).toBe('a***@b***.uk');
  });

  it('never shows more than it was given, even for odd input', () => {
    expect(maskEmail('nobody')).toBe('***');
    expect(maskEmail('x@localhost')).toBe('x***@l***');
  });
});

describe(maskPhone.name, () => {
  it('shows the last four digits only', () => {
    expect(maskPhone('+447700900123')).toBe('+********0123');
    expect(maskPhone('+15550100123')).toBe('+*******0123');
    expect(maskPhone('+447700900123')).not.toContain('7700');
  });
});

describe(scrubReason.name, () => {
  it('takes the recipient, any email address and any phone number out of a provider’s reason', () => {
    expect(
      scrubReason(
        "HTTP 400: The 'To' number +15005550001 is not a valid phone number. (Twilio error 21211)",
        '+15005550001',
      ),
    ).toBe(
      "HTTP 400: The 'To' number [recipient] is not a valid phone number. (Twilio error 21211)",
    );
    expect(scrubReason('SMTP 550: 5.1.1 <maria@example.org>: Recipient address rejected')).toBe(
      'SMTP 550: 5.1.1 <[address]>: Recipient address rejected',
    );
    expect(scrubReason('number 555 010 0123 unreachable')).toBe('number [number] unreachable');
  });

  it('keeps short codes and statuses, and cuts a long reason', () => {
    expect(scrubReason('HTTP 503: Service Unavailable (Twilio error 20500)')).toBe(
      'HTTP 503: Service Unavailable (Twilio error 20500)',
    );
    expect(scrubReason('x'.repeat(400))).toHaveLength(300);
  });
});
