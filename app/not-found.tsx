import { ButtonLink } from "@/app/_components/links";
import { Stack, Text, Title } from "@mantine/core";

const NotFound = () => (
  <Stack align="center" py="xl">
    <Title order={1}>Not found</Title>
    <Text c="dimmed">There is nothing here, or you are not allowed to see it.</Text>
    <ButtonLink href="/">Back to the catalog</ButtonLink>
  </Stack>
);

export default NotFound;
