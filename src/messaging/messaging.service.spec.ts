import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { configureLogging } from '../logging/logger';
import { MessageChannels } from './message-channels';
import { MessagingService } from './messaging.service';
import { TwilioSmsProvider } from './twilio-sms.provider';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A stand-in for Twilio's API on loopback, answering as `handle` says. */
async function standIn(handle: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

function serviceFor(apiUrl: string, timeoutMs = 2_000): MessagingService {
  const twilio = new TwilioSmsProvider({
    apiUrl,
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 'secret-token',
    from: '+15005550006',
  });
  return new MessagingService(new MessageChannels(null, twilio, timeoutMs));
}

const text = { clinicId: 'c1', to: '+447700900123', body: 'Riverside: your handout.' };

describe(MessagingService.name, () => {
  let server: Server | undefined;
  const logLines: string[] = [];
  beforeAll(() => configureLogging('info', { write: (line: string) => void logLines.push(line) }));
  afterAll(() => configureLogging('silent'));
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  it('sends a text through Twilio’s Messages API and keeps its sid', async () => {
    const seen: { path?: string; auth?: string; type?: string; form?: URLSearchParams } = {};
    const stand = await standIn((req, body, res) => {
      Object.assign(seen, {
        path: req.url,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        form: new URLSearchParams(body),
      });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM123', status: 'queued' }));
    });
    server = stand.server;
    const outcome = await serviceFor(stand.url).sendText(text);
    expect(outcome).toEqual({
      channel: 'sms',
      via: 'twilio',
      status: 'sent',
      reason: null,
      providerMessageId: 'SM123',
      to: '+********0123',
    });
    expect(seen.path).toBe('/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json');
    expect(seen.auth).toBe(
      `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:secret-token').toString('base64')}`,
    );
    expect(seen.type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(seen.form!)).toEqual({
      To: '+447700900123',
      From: '+15005550006',
      Body: 'Riverside: your handout.',
    });
  });

  it('records the provider’s refusal (status, message, code) without the number', async () => {
    const stand = await standIn((_req, _body, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 21211,
          message: "The 'To' number +447700900123 is not a valid phone number.",
          more_info: 'https://www.twilio.com/docs/errors/21211',
          status: 400,
        }),
      );
    });
    server = stand.server;
    const outcome = await serviceFor(stand.url).sendText(text);
    expect(outcome).toMatchObject({ status: 'failed', providerMessageId: null });
    expect(outcome.reason).toBe(
      "HTTP 400: The 'To' number [recipient] is not a valid phone number. (Twilio error 21211)",
    );
  });

  it('gives up on a provider that does not answer in time', async () => {
    const stand = await standIn(() => undefined);
    server = stand.server;
    const started = Date.now();
    const outcome = await serviceFor(stand.url, 300).sendText(text);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('says so when the provider cannot be reached', async () => {
    const stand = await standIn(() => undefined);
    await closeServer(stand.server);
    const outcome = await serviceFor(stand.url).sendText(text);
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.reason).toMatch(/^could not reach the provider \(ECONNREFUSED\)$/);
  });

  it('tells which channels can send, and fails a channel that is not set up', async () => {
    const none = new MessagingService(new MessageChannels(null, null));
    expect(none.availability()).toEqual({
      email: { available: false, via: null },
      sms: { available: false, via: null },
    });
    const outcome = await none.sendEmail({
      clinicId: 'c1',
      to: 'maria@example.org',
      subject: 's',
      text: 't',
      html: 'h',
    });
    expect(outcome).toMatchObject({ status: 'failed', to: 'm***@e***.org' });
  });

  // Last: every send above was logged.
  it('logs each send by channel and outcome, never the number, the text or the credentials', () => {
    expect(logLines.length).toBeGreaterThanOrEqual(4);
    const log = logLines.join('\n');
    for (const secret of ['7700900123', 'Riverside', 'maria', 'secret-token'])
      expect(log).not.toContain(secret);
  });
});
