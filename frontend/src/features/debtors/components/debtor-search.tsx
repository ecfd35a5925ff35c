import { useState } from 'react';
import { Anchor, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatBRL } from '@/lib/format';
import { useDebtorSearch } from '../api/debtors';

/** Find a debtor by CPF/CNPJ or by the start of the name. */
export function DebtorSearch() {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text, 250);
  const found = useDebtorSearch(query);
  return (
    <div style={{ position: 'relative', width: 360 }}>
      <TextInput
        label="Buscar devedor"
        placeholder="CPF, CNPJ ou nome"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {query.trim().length >= 3 && found.data && (
        <Paper withBorder shadow="md" p="xs" style={{ position: 'absolute', zIndex: 10, width: '100%' }}>
          {found.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">Nenhum devedor encontrado.</Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Devedores encontrados">
              {found.data.items.map((d) => (
                <li key={d.id}>
                  <Anchor component={Link} to={`/devedores/${d.id}`}>{d.name}</Anchor>
                  <Text size="xs" c="dimmed">
                    {d.document} · {d.openInvoices} em aberto · {formatBRL(d.outstanding)}
                  </Text>
                </li>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </div>
  );
}
