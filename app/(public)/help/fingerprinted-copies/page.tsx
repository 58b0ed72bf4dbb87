import { List, ListItem, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Individually marked copies" };

/** The short explanation the model page and the license box link to (README "Fingerprinted copies" is the long one). */
const FingerprintedCopiesPage = () => (
  <Stack maw={760} gap="sm">
    <Title order={1}>Individually marked copies</Title>
    <Text>
      Some models on this registry are delivered as individually marked copies: each person granted access receives
      their own copy of the weight files, in which a small, keyed change has been made to part of the weights. The
      change is far below what affects the model&apos;s output in practice, and it is different for every grant.
    </Text>
    <Title order={2} size="h3">
      What it means for you
    </Title>
    <List spacing="xs">
      <ListItem>
        The files you download (on the web, with the API or CLI, through Hugging Face clients, or in the in-browser
        playground) are your copy; their sha256 is your copy&apos;s, listed wherever the registry lists files for you.
      </ListItem>
      <ListItem>
        The first download of a version under your grant takes a moment while your copy is made; you are asked to try
        again after a few seconds.
      </ListItem>
      <ListItem>
        If a file from your copy turns up somewhere it should not, the registry&apos;s administrators can tell it came
        from your grant, even after it was converted to another format or precision. This is how the license&apos;s
        terms on sharing the weights are enforced.
      </ListItem>
      <ListItem>
        Your copy is deleted from the registry when your grant ends or is revoked. The key that makes the marks never
        leaves the registry&apos;s servers.
      </ListItem>
    </List>
  </Stack>
);

export default FingerprintedCopiesPage;
