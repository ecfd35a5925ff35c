import { useId, useState, type KeyboardEvent } from 'react';
import { Paper, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import { formatBRL } from '@/lib/format';
import { useDebtorSearch } from '../api/debtors';

const matchedBy: Record<string, string> = {
  document: 'documento',
  contract: 'contrato',
  phone: 'telefone',
  email: 'e-mail',
  name: 'nome',
};

/**
 * Find a debtor by any word of the name, CPF/CNPJ, contract, phone or e-mail. The results are a listbox: arrow keys move,
 * Enter opens the one chosen, Escape closes the list (ARIA combobox pattern).
 */
export function DebtorSearch() {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text, 250);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(true);
  const found = useDebtorSearch(query);
  const navigate = useNavigate();
  const listId = useId();
  const items = found.data?.items ?? [];
  const shown = open && query.trim().length >= 3 && !!found.data;
  const optionId = (i: number) => `${listId}-${i}`;

  const choose = (id: string) => {
    setOpen(false);
    navigate(`/devedores/${id}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
      return;
    }
    if (!shown || items.length === 0) {
      if (e.key === 'ArrowDown') setOpen(true);
      return;
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (e.key === 'Enter' && active >= 0 && active < items.length) {
      e.preventDefault();
      choose(items[active].id);
    }
  };

  return (
    <div style={{ position: 'relative', width: 360 }}>
      <TextInput
        label="Buscar devedor"
        placeholder="Nome, CPF/CNPJ, contrato, telefone ou e-mail"
        value={text}
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(-1);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <Paper withBorder shadow="md" p="xs" style={{ position: 'absolute', zIndex: 10, width: '100%' }}>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">Nenhum devedor encontrado.</Text>
          ) : (
            <ul id={listId} role="listbox" aria-label="Devedores encontrados" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {items.map((d, i) => (
                <li
                  key={d.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(d.id)}
                  onMouseEnter={() => setActive(i)}
                  style={{
                    cursor: 'pointer',
                    padding: '4px 6px',
                    borderRadius: 4,
                    background: i === active ? 'var(--mantine-color-blue-light)' : undefined,
                  }}
                >
                  <Text size="sm" fw={500}>{d.name}</Text>
                  <Text size="xs" c="dimmed">
                    {d.document} · {d.openInvoices} em aberto · {formatBRL(d.outstanding)}
                    {d.matchedBy ? ` · por ${matchedBy[d.matchedBy] ?? d.matchedBy}` : ''}
                  </Text>
                </li>
              ))}
            </ul>
          )}
          {found.data?.nextOffset != null && (
            <Text size="xs" c="dimmed" mt={4}>Há mais resultados: refine a busca.</Text>
          )}
        </Paper>
      )}
    </div>
  );
}
