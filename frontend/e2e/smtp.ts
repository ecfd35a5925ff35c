import { createServer, type Server } from 'node:net';

export type Mail = { from: string; to: string[]; data: string; text: string };

/**
 * A loopback SMTP server for the flows (the API host sends through it: `Communication__Smtp__*` in the config): it
 * accepts every message and keeps it, with its body decoded (base64 or quoted-printable), for the flow to read.
 */
export class SmtpSink {
  readonly received: Mail[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();

  async start(port: number) {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      let buffer = '';
      let inData = false;
      let mail = { from: '', to: [] as string[] };
      socket.setEncoding('latin1');
      socket.write('220 localhost ESMTP e2e\r\n');
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        for (;;) {
          if (inData) {
            const end = buffer.indexOf('\r\n.\r\n');
            if (end < 0) return;
            const data = buffer.slice(0, end).replace(/^\.\./gm, '.');
            buffer = buffer.slice(end + 5);
            inData = false;
            this.received.push({ ...mail, data, text: decode(data) });
            mail = { from: '', to: [] };
            socket.write('250 OK queued\r\n');
            continue;
          }
          const eol = buffer.indexOf('\r\n');
          if (eol < 0) return;
          const line = buffer.slice(0, eol);
          buffer = buffer.slice(eol + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO' || verb === 'HELO') socket.write('250 localhost\r\n');
          else if (verb === 'MAIL') { mail.from = /<([^>]*)>/.exec(line)?.[1] ?? ''; socket.write('250 OK\r\n'); }
          else if (verb === 'RCPT') { mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); socket.write('250 OK\r\n'); }
          else if (verb === 'DATA') { inData = true; socket.write('354 End data with <CR><LF>.<CR><LF>\r\n'); }
          else if (verb === 'QUIT') { socket.end('221 Bye\r\n'); return; }
          else socket.write('250 OK\r\n');   // RSET, NOOP
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => { this.server!.once('error', reject); this.server!.listen(port, '127.0.0.1', resolve); });
  }

  /** Stops listening and drops the connections the host keeps open (its SMTP connections are pooled). */
  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The messages to an address, waiting up to `ms` for at least `count` of them. */
  async to(address: string, count = 1, ms = 30_000) {
    const until = Date.now() + ms;
    for (;;) {
      const mails = this.received.filter((m) => m.to.includes(address));
      if (mails.length >= count) return mails;
      if (Date.now() > until) throw new Error(`no e-mail to ${address} in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The body after the headers, each MIME part decoded (base64 or quoted-printable), as text. */
function decode(data: string) {
  const body = data.slice(Math.max(0, data.indexOf('\r\n\r\n')));
  const base64 = /Content-Transfer-Encoding:\s*base64/i.test(data);
  const qp = /Content-Transfer-Encoding:\s*quoted-printable/i.test(data);
  if (base64) {
    return body.split(/\r\n\r\n/).map((part) => {
      const compact = part.replace(/\s+/g, '');
      return /^[A-Za-z0-9+/=]+$/.test(compact) && compact.length > 0 ? Buffer.from(compact, 'base64').toString('utf8') : part;
    }).join('\n');
  }
  if (qp) return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return body;
}
