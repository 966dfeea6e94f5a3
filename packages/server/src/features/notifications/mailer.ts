import nodemailer from 'nodemailer';
import type { Config } from '../../platform/config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one e-mail or throws. The outbox owns retries; a mailer only tries once. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** An SMTP mailer from `DAWN_SMTP_URL`, or undefined when e-mail is not configured. */
export function smtpMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(email) {
      await transport.sendMail({ from: config.mailFrom, ...email });
    },
    close() {
      transport.close();
    },
  };
}
