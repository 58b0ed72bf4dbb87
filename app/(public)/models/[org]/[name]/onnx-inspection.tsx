import {
  Badge,
  Code,
  Group,
  Stack,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
} from "@mantine/core";
import { countOf } from "@/lib/format";
import { formatCount } from "@/lib/inspect/format-count";
import type { TOnnxInspection, TOnnxValue } from "@/lib/schemas/inspection";
import { TableScroll } from "@/app/_components/table-scroll";

/** `[batch, 8]`; `?` for a dimension the model leaves open, "unknown" when it declares no shape. */
const formatShape = (shape: TOnnxValue["shape"]) =>
  shape ? `[${shape.map((d) => (d === null ? "?" : String(d))).join(", ")}]` : "unknown";

const opsetLabel = (o: TOnnxInspection["opsets"][number]) =>
  `${o.domain === "" || o.domain === "ai.onnx" ? "opset" : o.domain} ${o.version}`;

/** An ONNX file's interface: inputs and outputs, opsets, producer, parameters, external data, operators. */
export const OnnxInspection = ({ path, inspection: i }: { path: string; inspection: TOnnxInspection }) => {
  const producer = [i.producer.name, i.producer.version].filter(Boolean).join(" ");
  const rows = [
    ...i.inputs.map((v) => ({ ...v, direction: "input" })),
    ...i.outputs.map((v) => ({ ...v, direction: "output" })),
  ];
  return (
    <Stack gap="xs">
      <Group gap={6} data-testid="inspection-summary">
        <Badge variant="light">ONNX</Badge>
        {i.opsets.map((o) => (
          <Badge key={o.domain} variant="outline" color="gray">
            {opsetLabel(o)}
          </Badge>
        ))}
        <Badge variant="outline" color="gray">
          {`IR ${i.irVersion}`}
        </Badge>
        <Badge variant="outline" color="gray" title={`${i.parameterCount.toLocaleString("en-US")} parameters`}>
          {`${formatCount(i.parameterCount)} parameters`}
        </Badge>
        <Text size="sm" c="dimmed">
          {producer ? `produced by ${producer}` : "producer not recorded"} · {countOf(i.nodeCount, "node")}
        </Text>
      </Group>
      <TableScroll minWidth={420} label="Inputs and outputs">
        <Table withTableBorder aria-label={`Inputs and outputs of ${path}`} data-testid="inspection-io">
          <TableThead>
            <TableTr>
              <TableTh>Name</TableTh>
              <TableTh>Kind</TableTh>
              <TableTh>Type</TableTh>
              <TableTh>Shape</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {rows.map((v) => (
              <TableTr key={`${v.direction}:${v.name}`}>
                <TableTd ff="monospace">{v.name}</TableTd>
                <TableTd>{v.direction}</TableTd>
                <TableTd ff="monospace">{v.type}</TableTd>
                <TableTd ff="monospace">{formatShape(v.shape)}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </TableScroll>
      {i.externalDataFiles.length > 0 && (
        <Text size="sm">
          External data:{" "}
          {i.externalDataFiles.map((f) => (
            <Code key={f} mr={4}>
              {f}
            </Code>
          ))}
        </Text>
      )}
      <details>
        <summary>
          <Text span size="sm">
            Operators ({i.opTypes.length})
          </Text>
        </summary>
        <Text size="sm" ff="monospace" mt={4}>
          {i.opTypes.join(", ")}
        </Text>
      </details>
    </Stack>
  );
};
