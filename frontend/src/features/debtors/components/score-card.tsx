import { Badge, Card, Group, List, Text, Title } from '@mantine/core';
import { formatDateTime } from '@/lib/format';
import { useScore } from '../api/debtors';

/** What each feature of the score is, in the agent's words. */
export const featureLabels: Record<string, string> = {
  days_late: 'dias em atraso', balance: 'saldo em aberto', balance_band: 'faixa de saldo', consumer: 'pessoa física ou jurídica',
  open_debts: 'débitos em aberto', creditors: 'número de credores', prior_payments: 'pagamentos anteriores',
  payment_regularity: 'regularidade dos pagamentos', promises_kept: 'promessas cumpridas', promises_broken: 'promessas não cumpridas',
  agreements_completed: 'acordos quitados', agreements_broken: 'acordos rompidos ou cancelados',
  email_attempted: 'e-mails enviados', email_delivered: 'e-mails entregues', sms_attempted: 'SMS enviados', sms_delivered: 'SMS entregues',
  whatsapp_attempted: 'WhatsApp enviados', whatsapp_delivered: 'WhatsApp entregues', call_attempted: 'ligações feitas',
  call_answered: 'ligações atendidas', days_since_contact: 'tempo desde o último contato efetivo',
  days_since_payment: 'tempo desde o último pagamento', income_to_balance: 'renda declarada frente ao saldo',
};

const bandColors: Record<string, string> = { A: 'green.9', B: 'teal.9', C: 'yellow.9', D: 'orange.9', E: 'red.9' };

/** The propensity to pay on the 360: the chance, its band, and why, in words (LGPD art. 20: a person may review it). */
export function ScoreCard({ debtorId }: { debtorId: string }) {
  const score = useScore(debtorId);
  if (!score.data) return null;
  const s = score.data;
  return (
    <Card withBorder aria-label="Propensão a pagar">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Propensão a pagar em 90 dias</Title>
        <Group gap="xs">
          <Text fw={700}>{Math.round(s.probability * 100)}%</Text>
          <Badge color={bandColors[s.band] ?? 'gray'} variant="outline" c="dark.7">Faixa {s.band}</Badge>
        </Group>
      </Group>
      <List size="sm" spacing={2}>
        {s.reasons.map((r) => (
          <List.Item key={r.feature}>
            {(featureLabels[r.feature] ?? r.feature)}: {r.effect > 0 ? 'aumenta' : 'reduz'} a chance
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        {s.modelVersion.startsWith('scorecard') ? 'Tabela de pontos' : `Modelo ${s.modelVersion.replace('propensity-', 'versão ')}`}, calculada em {formatDateTime(s.scoredAt)}.
        Só ordena o trabalho; o devedor pode pedir a revisão por uma pessoa.
      </Text>
    </Card>
  );
}
