import { Center, Paper, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { LoginForm } from '@/features/auth/components/login-form';
import { returnPath } from '@/lib/drafts';

export function LoginRoute() {
  const navigate = useNavigate();
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={400} component="main">
        <Title order={1} size="h2">Recovery</Title>
        <Text c="dimmed" size="sm" mb="lg">Cobrança e recuperação de crédito</Text>
        <LoginForm onSuccess={() => navigate(returnPath.take(), { replace: true })} />
      </Paper>
    </Center>
  );
}
