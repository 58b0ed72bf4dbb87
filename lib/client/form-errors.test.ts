import { describe, expect, it } from "vitest";
import { buildAnswersSchema } from "@/lib/schemas/access-form";
import { ZProfileInput } from "@/lib/schemas/profile";
import { ZCreateWebhookInput } from "@/lib/schemas/webhooks";
import { fieldErrorsFromApi, fieldErrorsFromIssues } from "./form-errors";

describe("fieldErrorsFromIssues", () => {
  it("maps each field to its first sentence, in schema order", () => {
    const r = ZProfileInput.safeParse({ name: "", affiliation: "x".repeat(201), position: "Dr", country: "ZZ" });
    expect(r.success).toBe(false);
    const errors = fieldErrorsFromIssues(r.error!.issues);
    expect(errors).toEqual({
      name: "Enter your full name.",
      affiliation: "Affiliation can be at most 200 characters.",
      country: "Choose your country from the list.",
    });
    expect(Object.keys(errors)[0]).toBe("name");
  });

  it("puts an item's error on its list field", () => {
    const r = ZCreateWebhookInput.safeParse({ url: "https://hooks.example/x", events: ["nope"] });
    expect(fieldErrorsFromIssues(r.error!.issues)).toEqual({ events: expect.stringMatching(/./) });
  });

  it("names the question in an access form's answers", () => {
    const schema = buildAnswersSchema([
      { name: "purpose", type: "textarea", label: "What will you use the model for?", required: true },
      { name: "terms", type: "checkbox", label: "I will cite the model.", required: true },
    ]);
    const r = schema.safeParse({ purpose: " ", terms: false });
    expect(fieldErrorsFromIssues(r.error!.issues)).toEqual({
      purpose: "Enter what you will use the model for.",
      terms: "Tick “I will cite the model” to continue.",
    });
  });
});

describe("fieldErrorsFromApi", () => {
  it("keeps the first message per field and strips a prefix, skipping other paths", () => {
    const fields = {
      "answers.purpose": ["Enter what you will use the model for.", "second"],
      "answers.sector.0": ["Choose only offered options for Sector."],
      licenseVersionId: ["must be the current version"],
    };
    expect(fieldErrorsFromApi(fields, "answers")).toEqual({
      purpose: "Enter what you will use the model for.",
      sector: "Choose only offered options for Sector.",
    });
    expect(fieldErrorsFromApi(fields)).toEqual({
      answers: "Enter what you will use the model for.",
      licenseVersionId: "must be the current version",
    });
    expect(fieldErrorsFromApi(undefined)).toEqual({});
  });
});
