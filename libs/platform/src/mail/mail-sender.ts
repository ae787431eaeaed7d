import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { Environment } from '../config/environment';

/** One email to one address, plain text. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Email through the SMTP server of SMTP_URL (nodemailer, pooled connections). Without it
 * `enabled` is false and callers say email is unavailable rather than send.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(private readonly env: Environment) {
    // A bounded wait: a dead mail server must not hold requests or shutdown for minutes.
    this.transport = env.SMTP_URL
      ? createTransport({ url: env.SMTP_URL, pool: true, maxConnections: 2, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('email is not configured (SMTP_URL)');
    await this.transport.sendMail({ from: this.env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
