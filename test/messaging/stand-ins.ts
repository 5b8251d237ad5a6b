import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../src/database/free-port';

/** A real SMTP server on loopback that keeps every email it receives, parsed. */
export interface MailCatcher {
  url: string;
  received: { to: string[]; mail: ParsedMail }[];
  /** Resolves with the next email to `to` (already received, or when it arrives). */
  mailTo(to: string): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: MailCatcher['received'] = [];
  const waiting: { to: string; resolve: (mail: ParsedMail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          received.push({ to, mail });
          for (const w of waiting.filter((w) => to.includes(w.to))) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(mail);
          }
          callback();
        })
        .catch(callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    mailTo: (to) => {
      const found = received.find((r) => r.to.includes(to));
      return found
        ? Promise.resolve(found.mail)
        : new Promise((resolve) => waiting.push({ to, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the stand-in for Twilio's API was sent. */
export interface TwilioRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

export const TWILIO_SID = 'AC00000000000000000000000000000001';
export const TWILIO_TOKEN = 'stand-in-auth-token';
/** The stand-in refuses this number the way Twilio refuses a number that cannot get texts. */
export const REFUSED_NUMBER = '+447700900999';

/** A local http.createServer standing in for Twilio's Messages API. */
export async function startTwilioStandIn(): Promise<{
  url: string;
  requests: TwilioRequest[];
  close(): Promise<void>;
}> {
  const requests: TwilioRequest[] = [];
  let sids = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, form });
      res.setHeader('Content-Type', 'application/json');
      if (form.To === REFUSED_NUMBER) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            code: 21614,
            message: `'To' number ${form.To} is not a valid mobile number`,
            more_info: 'https://www.twilio.com/docs/errors/21614',
            status: 400,
          }),
        );
        return;
      }
      res.statusCode = 201;
      res.end(JSON.stringify({ sid: `SM${String(++sids).padStart(32, '0')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
