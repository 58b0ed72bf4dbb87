"use client";
import { Badge, Card, Group, List, ListItem, Select, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { evaluateRules } from "@/lib/domain/access/evaluate-rules";
import { countryOptions } from "@/lib/countries";
import type { TRulesOutput } from "@/lib/schemas/model-admin";

const decisionColor = { APPROVE: "teal", REJECT: "red", MANUAL: "yellow", pass: "gray" } as const;
const decisionLabel = { APPROVE: "approved automatically", REJECT: "rejected", MANUAL: "a reviewer decides" } as const;

/** What the rules (as edited, before saving) decide for a sample applicant; the same function runs at submission. */
export const RulesPreview = ({ gating, rules }: { gating: "OPEN" | "AUTO" | "MANUAL"; rules: TRulesOutput | null }) => {
  const [email, setEmail] = useState("ada@cs.example.edu");
  const [country, setCountry] = useState<string | null>("GB");
  const [orcid, setOrcid] = useState<string>("none");
  const outcome =
    rules && gating !== "OPEN"
      ? evaluateRules({
          gating,
          rules,
          applicant: {
            email: email || null,
            country,
            orcid: orcid === "none" ? null : "0000-0002-1825-0097",
            orcidVerified: orcid === "verified",
          },
        })
      : null;
  return (
    <Card withBorder mt="md" bg="gray.0" role="region" aria-label="Rules preview" data-testid="rules-preview">
      <Text fw={600} size="sm" mb="xs">
        Try the rules on a sample applicant
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Sample e-mail" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <Select label="Sample country" searchable data={countryOptions} value={country} onChange={setCountry} />
        <Select
          label="Sample ORCID iD"
          allowDeselect={false}
          data={[
            { value: "none", label: "none" },
            { value: "declared", label: "declared" },
            { value: "verified", label: "verified" },
          ]}
          value={orcid}
          onChange={(v) => setOrcid(v ?? "none")}
        />
      </SimpleGrid>
      {gating === "OPEN" ? (
        <Text size="sm" mt="sm">
          This model is open: there are no requests, so only blocked countries apply
          {country && rules?.blockedCountries.includes(country)
            ? " — this applicant is blocked."
            : " — this applicant is not blocked."}
        </Text>
      ) : !outcome ? (
        <Text size="sm" mt="sm" c="dimmed">
          Fix the rules above to see what they decide.
        </Text>
      ) : (
        <div data-testid="rules-outcome" data-decision={outcome.decision}>
          <Group gap="xs" mt="sm">
            <Text size="sm">Outcome:</Text>
            <Badge color={decisionColor[outcome.decision]}>{decisionLabel[outcome.decision]}</Badge>
            <Text size="sm" c="dimmed">
              {outcome.reason}
            </Text>
          </Group>
          <List size="sm" mt="xs" spacing={2}>
            {outcome.checks.map((c) => (
              <ListItem key={c.rule}>
                <Badge size="xs" variant="light" color={decisionColor[c.result]} mr={6}>
                  {c.result === "pass" ? "pass" : c.result.toLowerCase()}
                </Badge>
                {c.detail}
              </ListItem>
            ))}
          </List>
          {rules?.dailyAutoApprovalsPerDomain && outcome.decision === "APPROVE" && (
            <Text size="xs" c="dimmed" mt="xs">
              At submission the daily limit of {rules.dailyAutoApprovalsPerDomain} per domain is also counted.
            </Text>
          )}
        </div>
      )}
    </Card>
  );
};
