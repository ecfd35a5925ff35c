import { useEffect, useRef } from 'react';
import { Kbd, Modal, Table, Text } from '@mantine/core';

export type Shortcut = { keys: string; label: string; run: () => void };

/** Typing in a field is typing, not a command. */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Single keys for the frequent actions, on the whole page; ignored while the agent types in a field, with a modifier
 * (the browser's own shortcuts) or when a dialog is open.
 */
export function useShortcuts(shortcuts: Shortcut[], enabled = true) {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]') && e.key !== '?') return;
      const shortcut = current.current.find((s) => s.keys === e.key);
      if (!shortcut) return;
      e.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** The help panel: every shortcut of the page and what it does. */
export function ShortcutsHelp({ opened, onClose, shortcuts }: { opened: boolean; onClose: () => void; shortcuts: Omit<Shortcut, 'run'>[] }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Atalhos de teclado">
      <Table aria-label="Atalhos de teclado" verticalSpacing={4}>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={s.keys}>
              <Table.Td w={60}><Kbd>{s.keys}</Kbd></Table.Td>
              <Table.Td>{s.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">Os atalhos não valem enquanto você digita num campo. <Kbd>Esc</Kbd> fecha este painel.</Text>
    </Modal>
  );
}
