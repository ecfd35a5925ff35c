import { useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, List, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import type { Schemas } from '@/lib/api';
import { formatBRL, formatDate, formatPercent, roleLabels } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { useCreateAgreement, useSimulation, type PlanInput } from '../api/agreements';

const inMonth = () => {
  const d = new Date();
  d.setDate(d.getDate() + 7);
  return d.toISOString().slice(0, 10);
};

/**
 * The negotiation simulator: the agent picks debts and shapes the plan; the schedule, CET, the authority the plan needs
 * and the rules it breaks follow as they type. The same input creates the agreement.
 */
export function Simulator({ debtorId, debts }: { debtorId: string; debts: Schemas['GetValuationItem'][] }) {
  const navigate = useNavigate();
  const [picked, setPicked] = useState<string[]>(debts.map((d) => d.invoiceId));
  const [downPayment, setDownPayment] = useState<number | string>(0);
  const [installments, setInstallments] = useState<number | string>(1);
  const [firstDueDate, setFirstDueDate] = useState(inMonth());
  const [discountPercent, setDiscountPercent] = useState<number | string>(0);
  const [automatic, setAutomatic] = useState(false);
  const [payer, setPayer] = useState({ ispb: '', branch: '', account: '' });
  const input: PlanInput = {
    debtorId,
    invoiceIds: picked,
    downPayment: Number(downPayment) || 0,
    installments: Number(installments) || 0,
    firstDueDate,
    discountPercent: Number(discountPercent) || 0,
  };
  const [debounced] = useDebouncedValue(input, 300);
  const simulation = useSimulation(debounced, picked.length > 0);
  const create = useCreateAgreement();
  const errorOf = fieldErrors(simulation.error ?? create.error);
  const plan = simulation.data;
  const authority = authorityOf(plan);

  // Pix Automático: the debtor's bank and account, where the authorisation request goes (only when creating).
  const automaticPix = automatic && plan?.automaticPixOffered ? { ispb: payer.ispb.trim().toUpperCase(), branch: payer.branch.trim() || null, account: payer.account.trim() } : null;
  const submit = () =>
    create.mutate({ ...input, automaticPix }, { onSuccess: (agreement) => navigate(`/acordos/${agreement.id}`) });

  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">Simulador de negociação</Title>
      <Stack gap="sm">
        <Checkbox.Group label="Débitos na negociação" value={picked} onChange={setPicked} error={errorOf('invoiceIds')}>
          <Group mt={4}>
            {debts.map((d) => (
              <Checkbox key={d.invoiceId} value={d.invoiceId} label={`${d.externalId} · ${formatBRL(d.total)}`} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <NumberInput label="Entrada (R$)" value={downPayment} onChange={setDownPayment} min={0} decimalScale={2} decimalSeparator="," thousandSeparator="." error={errorOf('downPayment')} />
          <NumberInput label="Parcelas" value={installments} onChange={setInstallments} min={0} max={120} error={errorOf('installments')} />
          <TextInput label="1º vencimento" type="date" value={firstDueDate} onChange={(e) => setFirstDueDate(e.currentTarget.value)} error={errorOf('firstDueDate')} />
          <NumberInput label="Desconto (%)" value={discountPercent} onChange={setDiscountPercent} min={0} max={100} decimalScale={2} decimalSeparator="," error={errorOf('discountPercent')} />
        </SimpleGrid>
        {simulation.isError && (
          <Alert color="red" role="alert">{problemMessage(simulation.error)}</Alert>
        )}
        {plan && (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }} aria-live="polite">
              <Figure label="Valor atualizado" value={formatBRL(plan.valuationTotal)} />
              <Figure label={`Desconto (${formatPercent(plan.chargesDiscountPercent)} encargos, ${formatPercent(plan.principalDiscountPercent)} principal)`} value={formatBRL(plan.discount)} />
              <Figure label="Total do acordo" value={formatBRL(plan.totalPayable)}
                note={plan.totalPayable !== plan.total ? `${formatBRL(plan.total)} negociados + ${formatBRL(plan.totalPayable - plan.total)} de juros do parcelamento` : undefined} />
              <Figure label="CET" value={`${formatPercent(plan.cetMonthly)} a.m. · ${formatPercent(plan.cetYearly)} a.a.`} />
            </SimpleGrid>
            <Group>
              <Text size="sm">Alçada necessária:</Text>
              <Badge color={authority.color} variant={authority.variant} aria-label="Alçada necessária">{authority.label}</Badge>
              <Text size="xs" c="dimmed">Faixa {plan.bucket} · política v{plan.policyVersion}</Text>
            </Group>
            <Violations title="O plano fere uma regra legal e não pode ser fechado" color="red"
              items={plan.violations.filter((v) => v.requiredRole == null)} />
            <Violations title={`Precisa de aprovação: ${roleLabels[plan.requiredRole ?? ''] ?? ''}`} color="yellow"
              items={plan.violations.filter((v) => v.requiredRole != null && v.requiredRole !== 'agent')} />
            <Violations title="Atenção" color="blue" items={plan.violations.filter((v) => v.requiredRole === 'agent')} />
            <Table aria-label="Cronograma" verticalSpacing={2}>
              <Table.Thead>
                <Table.Tr><Table.Th>Parcela</Table.Th><Table.Th>Vencimento</Table.Th><Table.Th ta="right">Valor</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.installments.map((i) => (
                  <Table.Tr key={i.number}>
                    <Table.Td>{i.number === 0 ? 'Entrada' : i.number}</Table.Td>
                    <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                    <Table.Td ta="right">{formatBRL(i.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        {/* Only where the portfolio's PSP offers it and there are installments to debit. */}
        {plan?.automaticPixOffered && (
          <Checkbox label="Pix Automático: o devedor autoriza o débito mensal das parcelas no banco dele" checked={automatic}
            onChange={(e) => setAutomatic(e.currentTarget.checked)} />
        )}
        {automatic && plan?.automaticPixOffered && (
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label="ISPB do banco do devedor" value={payer.ispb} maxLength={8} error={errorOf('automaticPix.ispb')}
              onChange={(e) => setPayer({ ...payer, ispb: e.currentTarget.value })} />
            <TextInput label="Agência" value={payer.branch} maxLength={4} error={errorOf('automaticPix.branch')}
              onChange={(e) => setPayer({ ...payer, branch: e.currentTarget.value })} />
            <TextInput label="Conta" value={payer.account} maxLength={20} error={errorOf('automaticPix.account')}
              onChange={(e) => setPayer({ ...payer, account: e.currentTarget.value })} />
          </SimpleGrid>
        )}
        {create.isError && <Alert color="red" role="alert" title="O acordo não foi criado">{problemMessage(create.error)}</Alert>}
        <Group justify="flex-end">
          <Button onClick={submit} loading={create.isPending} disabled={!plan || !plan.lawful}>
            {plan?.requiredRole && plan.requiredRole !== 'agent' ? 'Enviar para aprovação' : 'Fechar acordo'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** One badge, from the API's answer: the role the plan needs, or none when the law forbids it. */
function authorityOf(plan: Schemas['SimulateResponse'] | undefined) {
  if (!plan) return { label: '', color: 'gray', variant: 'outline' as const };
  if (!plan.lawful) return { label: 'Nenhuma: fere a lei', color: 'red.9', variant: 'filled' as const };
  const role = plan.requiredRole ?? 'agent';
  return role === 'agent'
    ? { label: roleLabels.agent, color: 'teal', variant: 'filled' as const }
    : { label: roleLabels[role] ?? role, color: 'red.9', variant: 'outline' as const };
}

const Violations = ({ title, color, items }: { title: string; color: string; items: Schemas['SimulateViolationView'][] }) =>
  items.length === 0 ? null : (
    <Alert color={color} title={title} role="status">
      <List size="sm">{items.map((v) => <List.Item key={v.rule}>{v.message}</List.Item>)}</List>
    </Alert>
  );

const Figure = ({ label, value, note }: { label: string; value: string; note?: string }) => (
  <div>
    <Text size="xs" c="dimmed">{label}</Text>
    <Text fw={600}>{value}</Text>
    {note && <Text size="xs" c="dimmed">{note}</Text>}
  </div>
);
