import { Stack, Text, Title } from '@mantine/core';
import { useOutletContext } from 'react-router';
import type { User } from '@/features/auth/types';

export function HomeRoute() {
  const user = useOutletContext<User>();
  return (
    <Stack component="section" aria-labelledby="home-title">
      <Title id="home-title" order={2}>Olá, {user.name.split(' ')[0]}</Title>
      <Text c="dimmed">Sua fila de trabalho aparecerá aqui.</Text>
    </Stack>
  );
}
