import { describe, expect, it } from "vitest";
import { indirectQuestion, requiredMessage, tooLongMessage } from "./field-messages";

describe("requiredMessage", () => {
  it("turns a wh-question label into an instruction", () => {
    expect(requiredMessage("What will you use the model for?")).toBe("Enter what you will use the model for.");
    expect(requiredMessage("Which institution are you with?", "choose")).toBe("Choose which institution you are with.");
    expect(requiredMessage("What do you study?")).toBe("Enter what you study.");
    expect(requiredMessage("Where is your lab located?")).toBe("Enter where your lab is located.");
  });

  it("names a noun-phrase label, keeping acronyms", () => {
    expect(requiredMessage("Intended use")).toBe("Enter intended use.");
    expect(requiredMessage("ORCID iD")).toBe("Enter ORCID iD.");
    expect(requiredMessage("Sector", "choose")).toBe("Choose a value for sector.");
  });

  it("quotes a yes/no question and a checkbox statement", () => {
    expect(requiredMessage("Are you affiliated with a university?")).toBe(
      "Answer “Are you affiliated with a university?”.",
    );
    expect(requiredMessage("I will not use the model commercially.", "tick")).toBe(
      "Tick “I will not use the model commercially” to continue.",
    );
  });

  it("never yields the old 'X is required' form", () => {
    for (const label of ["What will you use the model for?", "Purpose", "Do you agree?"])
      expect(requiredMessage(label)).not.toMatch(/is required/);
  });
});

describe("indirectQuestion", () => {
  it("is undefined for labels that are not wh-questions", () => {
    expect(indirectQuestion("Purpose")).toBeUndefined();
    expect(indirectQuestion("Do you agree?")).toBeUndefined();
  });
});

describe("tooLongMessage", () => {
  it("names the field and the limit", () => {
    expect(tooLongMessage("Full name", 120)).toBe("Full name can be at most 120 characters.");
    expect(tooLongMessage("What will you use the model for?", 5000)).toBe(
      "“What will you use the model for?” can be at most 5,000 characters.",
    );
  });
});
