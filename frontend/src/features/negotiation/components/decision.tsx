import { useState } from 'react';
import { Alert, Button, Group, TextInput } from '@mantine/core';
import { problemMessage } from '@/lib/problems';
import { useDecision } from '../api/agreements';

/** Approve or refuse an agreement waiting for approval, with the reason recorded in the audit trail. */
export function Decision({ agreementId, label }: { agreementId: string; label: string }) {
  const decide = useDecision(agreementId);
  const [reason, setReason] = useState('');
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <TextInput aria-label={`Motivo da decisão ${label}`} placeholder="Motivo" size="xs" value={reason} onChange={(e) => setReason(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 120 }} />
        <Button size="xs" style={{ flexShrink: 0 }} onClick={() => decide.mutate({ approve: true, reason })} loading={decide.isPending}>Aprovar</Button>
        <Button size="xs" style={{ flexShrink: 0 }} color="red" variant="light" onClick={() => decide.mutate({ approve: false, reason })} disabled={decide.isPending}>Recusar</Button>
      </Group>
      {decide.isError && <Alert color="red" p={4} mt={4} role="alert">{problemMessage(decide.error)}</Alert>}
    </>
  );
}
