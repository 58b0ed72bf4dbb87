import { Badge, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from "@mantine/core";
import { countOf } from "@/lib/format";
import { formatCount } from "@/lib/inspect/format-count";
import type { TSafetensorsInspection } from "@/lib/schemas/inspection";
import { TableScroll } from "@/app/_components/table-scroll";

/** A safetensors file's header: tensor count, dtypes, total parameters, metadata, the tensors (collapsed). */
export const SafetensorsInspection = ({
  path,
  inspection: i,
}: {
  path: string;
  inspection: TSafetensorsInspection;
}) => {
  const metadata = Object.entries(i.metadata ?? {});
  return (
    <Stack gap="xs">
      <Group gap={6} data-testid="inspection-summary">
        <Badge variant="light">safetensors</Badge>
        <Badge variant="outline" color="gray">
          {countOf(i.tensorCount, "tensor")}
        </Badge>
        <Badge variant="outline" color="gray" title={`${i.parameterCount.toLocaleString("en-US")} parameters`}>
          {`${formatCount(i.parameterCount)} parameters`}
        </Badge>
        {Object.entries(i.dtypes).map(([dtype, n]) => (
          <Badge key={dtype} variant="outline" color="gray" ff="monospace">
            {`${dtype} × ${n}`}
          </Badge>
        ))}
      </Group>
      {metadata.length > 0 && (
        <Text size="sm" c="dimmed">
          Metadata: {metadata.map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 80)}…` : v}`).join(" · ")}
        </Text>
      )}
      <details>
        <summary>
          <Text span size="sm">
            Tensors ({i.tensorCount.toLocaleString("en-US")})
          </Text>
        </summary>
        <TableScroll minWidth={420} label="Tensors">
          <Table withTableBorder aria-label={`Tensors of ${path}`} mt={4}>
            <TableThead>
              <TableTr>
                <TableTh>Name</TableTh>
                <TableTh>dtype</TableTh>
                <TableTh>Shape</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {i.tensors.map((t) => (
                <TableTr key={t.name}>
                  <TableTd ff="monospace">{t.name}</TableTd>
                  <TableTd ff="monospace">{t.dtype}</TableTd>
                  <TableTd ff="monospace">[{t.shape.join(", ")}]</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
        {i.tensorsTruncated && (
          <Text size="sm" c="dimmed">
            The first {i.tensors.length.toLocaleString("en-US")} tensors by name are listed.
          </Text>
        )}
      </details>
    </Stack>
  );
};
