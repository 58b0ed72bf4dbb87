import { Card, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listMyLicenseAcceptances } from "@/lib/domain/access/get-license-receipt";
import { formatDate } from "@/lib/format";
import { licenseLabel } from "@/lib/common/license-label";
import { TableScroll } from "@/app/_components/table-scroll";

export const metadata: Metadata = { title: "Your license acceptances" };
export const dynamic = "force-dynamic";

const LicensesPage = async () => {
  const acceptances = await listMyLicenseAcceptances(await requireUser("/account/licenses"));
  return (
    <Stack maw={760}>
      <Title order={1}>Your license acceptances</Title>
      {acceptances.length === 0 ? (
        <Card withBorder padding="xl">
          <Text c="dimmed">You have not accepted any license yet.</Text>
        </Card>
      ) : (
        <TableScroll minWidth={560} label="License acceptances">
          <Table striped>
            <TableThead>
              <TableTr>
                <TableTh>License</TableTh>
                <TableTh>Accepted</TableTh>
                <TableTh>Receipt</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {acceptances.map((a) => (
                <TableTr key={a.id}>
                  <TableTd>{licenseLabel(a.licenseVersion.license.name, a.licenseVersion.version)}</TableTd>
                  <TableTd>{formatDate(a.acceptedAt)}</TableTd>
                  <TableTd>
                    <AnchorLink href={`/account/licenses/${a.id}`}>receipt</AnchorLink> ·{" "}
                    <a href={`/api/v1/me/license-acceptances/${a.id}`}>JSON</a>
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
};

export default LicensesPage;
