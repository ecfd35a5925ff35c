import { Alert, Center, Loader } from '@mantine/core';
import { problemMessage } from '@/lib/problems';

export const Loading = () => (
  <Center p="lg">
    <Loader aria-label="Carregando" size="sm" />
  </Center>
);

export const Failure = ({ error }: { error: unknown }) => (
  <Alert color="red" role="alert" title="Não foi possível carregar" m="sm">
    {problemMessage(error)}
  </Alert>
);
