import type { AgentMandatesService, Locale } from '@psar/identity';
import type { SmsCommandHandler } from '../conversations/sms-command';
import type { SmsCommandRegistry } from '../conversations/sms-command.registry';
import type { Parsed } from '../market/market-command-handlers';

const TEXTS = {
  en: {
    consented: (agent: string) => `Agreed: ${agent} may now sell for you on Psar. You get a copy of all they do. To end it send AGENT STOP.`,
    already: (agent: string) => `${agent} may already sell for you. To end it send AGENT STOP.`,
    ended: (agent: string) => `${agent} no longer acts for you; ask them to register you again.`,
    unknown: 'No agent asked you with this code. Send HELP for the menu.',
    withdrawn: (agents: string) => `Done: ${agents} can no longer act for you.`,
    none: 'No agent acts for you.',
  },
  km: {
    consented: (agent: string) => `យល់ព្រម៖ ${agent} អាចលក់ជំនួសអ្នក។ ដើម្បីបញ្ឈប់ ផ្ញើ AGENT STOP។`,
    already: (agent: string) => `${agent} អាចលក់ជំនួសអ្នករួចហើយ។ ដើម្បីបញ្ឈប់ ផ្ញើ AGENT STOP។`,
    ended: (agent: string) => `${agent} លែងធ្វើការជំនួសអ្នកហើយ។`,
    unknown: 'គ្មានភ្នាក់ងារប្រើលេខកូដនេះទេ។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។',
    withdrawn: (agents: string) => `រួចរាល់៖ ${agents} លែងអាចធ្វើការជំនួសអ្នកទៀតហើយ។`,
    none: 'គ្មានភ្នាក់ងារធ្វើការជំនួសអ្នកទេ។',
  },
} satisfies Record<Locale, unknown>;

/**
 * AGENT <code> (or YES <code>, as the consent request asks): the producer's consent to an
 * agent, recorded with this inbound message in its transaction; AGENT STOP [code]: withdrawn.
 */
export function registerAgentCommands(registry: SmsCommandRegistry, mandates: AgentMandatesService): void {
  const consent: SmsCommandHandler<Parsed<'agent-consent'>> = {
    command: 'AGENT',
    async handle(command, { manager, number, inbound }) {
      const texts = TEXTS[number.locale];
      const result = await mandates.consentBySms({ phone: number.phone, code: command.parsed.agentCode, smsId: inbound.id }, manager);
      switch (result.outcome) {
        case 'consented':
          return { text: texts.consented(result.mandate.agentName) };
        case 'already-consented':
          return { text: texts.already(result.mandate.agentName) };
        case 'ended':
          return { text: texts.ended(result.mandate.agentName) };
        default:
          return { text: texts.unknown };
      }
    },
  };
  const withdraw: SmsCommandHandler<Parsed<'agent-withdraw'>> = {
    command: 'AGENT-STOP',
    async handle(command, { manager, number, inbound }) {
      const texts = TEXTS[number.locale];
      const result = await mandates.withdrawBySms({ phone: number.phone, code: command.parsed.agentCode, smsId: inbound.id }, manager);
      if (result.outcome === 'nothing-to-withdraw') return { text: texts.none };
      return { text: texts.withdrawn([...new Set(result.mandates.map((m) => m.agentName))].join(', ')) };
    },
  };
  registry.register(consent);
  registry.register(withdraw);
}
