import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";

countries.registerLocale(en);

/** ISO 3166-1 alpha-2 codes with English names, sorted by name (for selects and validation). */
export const countryOptions = Object.entries(countries.getNames("en", { select: "official" }))
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

const codes = new Set(countryOptions.map((c) => c.value));
export const isCountryCode = (code: string) => codes.has(code);
export const countryName = (code: string | null | undefined) => (code ? (countries.getName(code, "en") ?? code) : null);
